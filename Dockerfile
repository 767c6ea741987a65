# syntax=docker/dockerfile:1
# The three services' images, built from this repository by `docker compose build` (targets
# ingress, worker and notifier; build argument SERVICE names the Maven module). Maven runs inside
# the build, so a machine needs nothing but Docker. Each image runs Spring Boot's layered jar as
# user 10001 and logs JSON (ECS); the worker's also has git, the
# pinned Claude Code CLI and the agent sandbox's bubblewrap and socat.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -pl ingress-service,worker-service,notifier-service -am package -Dmaven.test.skip=true

# Spring Boot's layers: dependencies change seldom, the application often, so rebuilds are small
FROM eclipse-temurin:17-jre-noble AS layers
ARG SERVICE
WORKDIR /layers
COPY --from=build /src/${SERVICE}/target/${SERVICE}-*-exec.jar application.jar
RUN java -Djarmode=tools -jar application.jar extract --layers --destination extracted

FROM eclipse-temurin:17-jre-noble AS jre
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --gid 10001 kaka \
    && useradd --uid 10001 --gid 10001 --create-home --home-dir /home/kaka --shell /usr/sbin/nologin kaka
WORKDIR /app
ENV LOGGING_STRUCTURED_FORMAT_CONSOLE=dev.kaka.support.logging.EcsLogFormat

FROM node:22-bookworm-slim AS claude
ARG CLAUDE_CODE_VERSION=2.1.332
# the package's postinstall puts the native claude binary for this platform into bin/claude.exe
RUN npm install -g @anthropic-ai/claude-code@${CLAUDE_CODE_VERSION}

FROM jre AS worker-os
# bubblewrap and socat build the agent's sandbox (kaka.agent.sandbox); curl is already there
RUN apt-get update \
    && apt-get install -y --no-install-recommends git bubblewrap socat \
    && rm -rf /var/lib/apt/lists/*
COPY --from=claude /usr/local/lib/node_modules/@anthropic-ai /opt/anthropic-ai
RUN ln -s /opt/anthropic-ai/claude-code/bin/claude.exe /usr/local/bin/claude \
    && claude --version \
    && install -d -o 10001 -g 10001 /var/lib/kaka
ENV KAKA_GIT_CACHEDIR=/var/lib/kaka/repo-cache \
    KAKA_GIT_WORKSPACEDIR=/var/lib/kaka/workspaces

FROM jre AS ingress
COPY --from=layers /layers/extracted/dependencies/ ./
COPY --from=layers /layers/extracted/spring-boot-loader/ ./
COPY --from=layers /layers/extracted/snapshot-dependencies/ ./
COPY --from=layers /layers/extracted/application/ ./
EXPOSE 8080
USER 10001:10001
# every webhook's garbage dies young and a collection of it takes milliseconds: the throughput
# collector spends less CPU per request than G1 (bench/intake.sh: 177 against 210 µs a trigger)
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+UseParallelGC", "-jar", "application.jar"]

FROM jre AS notifier
COPY --from=layers /layers/extracted/dependencies/ ./
COPY --from=layers /layers/extracted/spring-boot-loader/ ./
COPY --from=layers /layers/extracted/snapshot-dependencies/ ./
COPY --from=layers /layers/extracted/application/ ./
EXPOSE 8082
USER 10001:10001
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "application.jar"]

FROM worker-os AS worker
COPY --from=layers /layers/extracted/dependencies/ ./
COPY --from=layers /layers/extracted/spring-boot-loader/ ./
COPY --from=layers /layers/extracted/snapshot-dependencies/ ./
COPY --from=layers /layers/extracted/application/ ./
EXPOSE 8081
USER 10001:10001
# The JVM's memory is capped in absolute terms, not as a share of the container's: the rest belongs
# to the agent and the commands it runs. The serial collector keeps no per-region bookkeeping and no
# GC threads, and the caps on heap, metaspace and code cache keep the worker within 300 MiB resident,
# idle and with two agents running (bench/worker-footprint.sh reads these flags).
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-Xmx128m", "-Xss512k", "-XX:MaxMetaspaceSize=128m", "-XX:ReservedCodeCacheSize=64m", "-jar", "application.jar"]
