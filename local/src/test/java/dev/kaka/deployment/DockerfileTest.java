package dev.kaka.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.testkit.mongo.MongoStandIn;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.util.FileSystemUtils;

/**
 * The Dockerfile, without Docker: CI has no daemon and cannot pull the base images, so the image
 * build itself is not run here. What the build would do with this repository's output is: the layer
 * extraction runs on the real executable jar, and the service starts from the layers as the image's
 * entry point starts it. The rest is read from the file and checked against the services.
 */
class DockerfileTest {

  private static final List<String> LAYERS =
      List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");
  private final Dockerfile dockerfile = Dockerfile.read();

  static List<KakaService> services() {
    return KakaService.all();
  }

  @ParameterizedTest
  @MethodSource("services")
  void eachImageRunsItsLayeredJarAsANonRootUserOnTheServicesPort(KakaService service) {
    String target = service.composeService();
    ServiceConfiguration config =
        ServiceConfiguration.of(service, dockerfile.environment(target), Map.of());

    assertThat(dockerfile.last(target, "USER")).matches("[1-9][0-9]{3,}:[1-9][0-9]{3,}");
    assertThat(dockerfile.last(target, "EXPOSE")).isEqualTo(config.property("server.port"));
    assertThat(dockerfile.last(target, "ENTRYPOINT"))
        .startsWith("[\"java\"")
        .endsWith("\"-jar\", \"application.jar\"]");
    assertThat(dockerfile.stage(target).instructions().stream().filter(i -> i.startsWith("COPY")))
        .containsExactlyElementsOf(
            LAYERS.stream()
                .map(layer -> "COPY --from=layers /layers/extracted/" + layer + "/ ./")
                .toList());
    assertThat(dockerfile.environment(target))
        .containsEntry(
            "LOGGING_STRUCTURED_FORMAT_CONSOLE", "dev.kaka.support.logging.EcsLogFormat");
  }

  @Test
  void theBuildStageBuildsEveryServiceAndTheLayersStageTakesTheModulesExecutableJar() {
    String build = String.join("\n", dockerfile.instructions("build", "RUN"));
    String copy = String.join("\n", dockerfile.instructions("layers", "COPY"));

    for (KakaService service : KakaService.all()) {
      assertThat(build).contains(service.module());
    }
    assertThat(copy)
        .isEqualTo("--from=build /src/${SERVICE}/target/${SERVICE}-*-exec.jar application.jar");
  }

  @Test
  void theWorkerImageHasGitThePinnedClaudeCliAndWritableWorkDirectories() {
    String runs = String.join("\n", dockerfile.instructions("worker", "RUN"));
    String claudeArg = dockerfile.last("claude", "ARG");
    Map<String, String> environment = dockerfile.environment("worker");
    ServiceConfiguration config =
        ServiceConfiguration.of(KakaService.WORKER, environment, Map.of());

    assertThat(runs).contains("apt-get install -y --no-install-recommends git");
    assertThat(claudeArg).matches("CLAUDE_CODE_VERSION=\\d+\\.\\d+\\.\\d+");
    assertThat(RepositoryRoot.resolve(".ci/run"))
        .as("the version CI tests the agent with")
        .content()
        .contains("claude_version=" + claudeArg.substring(claudeArg.indexOf('=') + 1) + "\n");
    assertThat(String.join("\n", dockerfile.instructions("claude", "RUN")))
        .contains("npm install -g @anthropic-ai/claude-code@${CLAUDE_CODE_VERSION}");
    assertThat(runs)
        .contains(
            "ln -s /opt/anthropic-ai/claude-code/bin/claude.exe /usr/local/bin/claude",
            "claude --version",
            "install -d -o 10001 -g 10001 /var/lib/kaka");
    assertThat(config.property("kaka.git.cache-dir")).isEqualTo("/var/lib/kaka/repo-cache");
    assertThat(config.property("kaka.git.workspace-dir")).isEqualTo("/var/lib/kaka/workspaces");
    assertThat(dockerfile.instructions("ingress", "RUN")).noneMatch(run -> run.contains("claude"));
  }

  @Test
  void theIngressStartsFromTheLayersTheBuildExtracts(@TempDir Path dir) throws Exception {
    Optional<Path> jar = executableJar(KakaService.INGRESS);
    assumeThat(jar).as("ingress-service is not packaged yet").isPresent();
    Files.copy(jar.get(), dir.resolve("application.jar"));
    String extract = dockerfile.instructions("layers", "RUN").get(0);

    Process extraction =
        new ProcessBuilder(command(extract)).directory(dir.toFile()).inheritIO().start();
    assertThat(extraction.waitFor()).isZero();

    // COPY of each layer into /app, in the Dockerfile's order
    Path app = Files.createDirectory(dir.resolve("app"));
    for (String layer : LAYERS) {
      Path source = dir.resolve("extracted").resolve(layer);
      assertThat(source).isDirectory();
      FileSystemUtils.copyRecursively(source, app);
    }
    int port = freePort();
    List<String> entrypoint =
        new ArrayList<>(
            command(dockerfile.last("ingress", "ENTRYPOINT").replaceAll("[\\[\\]\",]", " ")));
    entrypoint.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
    entrypoint.addAll(
        List.of(
            "--server.port=" + port,
            "--spring.kafka.bootstrap-servers=" + KafkaBroker.shared().bootstrapServers(),
            "--spring.mongodb.uri=" + MongoStandIn.shared().uri("kaka-layers"),
            "--kaka.webhook.secrets=layers-secret"));
    Process ingress =
        new ProcessBuilder(entrypoint)
            .directory(app.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("ingress.log").toFile())
            .start();
    try {
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest liveness =
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + port + "/actuator/health/liveness"))
              .build();
      await()
          .atMost(Duration.ofSeconds(90))
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                assertThat(ingress.isAlive())
                    .as(Files.readString(dir.resolve("ingress.log")))
                    .isTrue();
                assertThat(http.send(liveness, HttpResponse.BodyHandlers.discarding()).statusCode())
                    .isEqualTo(200);
              });
    } finally {
      ingress.destroy();
      ingress.waitFor();
    }
  }

  private static Optional<Path> executableJar(KakaService service) throws IOException {
    Path target = RepositoryRoot.resolve(service.module()).resolve("target");
    if (!Files.isDirectory(target)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(target)) {
      return files.filter(file -> file.getFileName().toString().endsWith("-exec.jar")).findFirst();
    }
  }

  private static List<String> command(String line) {
    return Arrays.stream(line.strip().split("\\s+")).filter(word -> !word.isEmpty()).toList();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
