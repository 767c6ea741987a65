#!/usr/bin/env bash
# Intake: Kaka's ingress (from its executable jar, a real Kafka broker on this machine, acks=all)
# against the peer in ../shared/bench/ingress (a Node receiver on @octokit/webhooks that verifies
# signatures and persists nothing), both driven by the same wrk script with the real payloads.
# Prints one table (requests/s, p50/p99, non-2xx, the ratio, the ingress's memory, and whether
# every accepted delivery is in Kafka) and records it in docs/benchmarks.md.
#
#   bench/intake.sh                               30 s warm-up, then 10 s per case
#   WARMUP=5s DURATION=5s bench/intake.sh         a quick look
#   SERVER_CPUS=0 WRK_CPUS=1 bench/intake.sh      servers on CPU 0, wrk on CPU 1 (both runs)
#   PROFILE=1 bench/intake.sh                     also where the ingress's CPU went, per case
#   QUICK=1 bench/intake.sh                       the triggers' case only, 1 s, no waiting for a
#                                                 quiet machine, not recorded (see lib.sh)
#
# env: DURATION (10s) WARMUP (30s) CONNS (32) THREADS (2) as the driver reads them;
#      SERVER_CPUS pins the ingress, the broker and the peer; WRK_CPUS pins wrk;
#      INGRESS_MEMORY (the pod's limit in k8s/base/ingress.yaml) is what the ingress's JVM sizes
#      itself for; PROFILE=1 records the ingress with Java Flight Recorder and adds, per case, the
#      stages and hottest methods of its timed run to the report.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_quick WARMUP=1s DURATION=1s QUIET_WAIT=1 CASES=issue_comment:issue_comment.created.issue.json:good

export DURATION=${DURATION:-10s} WARMUP=${WARMUP:-30s} CONNS=${CONNS:-32} THREADS=${THREADS:-2}
command=$(bench_command bench/intake.sh DURATION WARMUP CONNS THREADS SERVER_CPUS WRK_CPUS \
  INGRESS_MEMORY PROFILE)
say() { printf 'bench: %s\n' "$*" >&2; }
trap 'say "failed at line $LINENO: $BASH_COMMAND"' ERR

driver_src=$KAKA_HOME/../shared/bench/ingress
payloads=$KAKA_HOME/../shared/webhook-payloads
[[ -d $driver_src && -d $payloads ]] || {
  say "the driver and the payloads belong in ../shared/bench/ingress and ../shared/webhook-payloads"
  exit 2
}
if ! command -v wrk >/dev/null; then
  say "wrk is missing: installing the Debian package (apt-get install -y wrk)"
  sudo_=(); [[ $(id -u) -ne 0 ]] && sudo_=(sudo)
  "${sudo_[@]}" apt-get install -y -q wrk >/dev/null || {
    "${sudo_[@]}" apt-get update -q >/dev/null
    "${sudo_[@]}" apt-get install -y -q wrk >/dev/null
  }
fi
command -v node >/dev/null || { say "the peer needs Node.js 20 or newer (and npm)"; exit 2; }

bench_build
classpath=$(bench_classpath)
ingress_jar=$(ls "$KAKA_HOME"/ingress-service/target/ingress-service-*-exec.jar | head -n 1)

work=$(mktemp -d "${TMPDIR:-/tmp}/kaka-bench-intake.XXXXXX")
# the driver's folder is read-only in CI
cp -r "$driver_src" "$work/driver" && chmod -R u+w "$work/driver"
export PAYLOAD_DIR=$payloads

pids=()
stop() { # SIGTERM, then SIGKILL after 40 s (Spring's graceful shutdown takes up to 30 s)
  local pid=$1 i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 400); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  local status=$? i
  for (( i = ${#pids[@]} - 1; i >= 0; i-- )); do stop "${pids[i]}"; done
  if [[ $status -eq 0 ]]; then rm -rf "$work"; else say "kept $work for a look (logs, raw results)"; fi
}
trap cleanup EXIT

pin=(); [[ -n ${SERVER_CPUS:-} ]] && pin=(taskset -c "$SERVER_CPUS")

# the driver's standard cases, one at a time: its CPU accounting reads /proc of every process and
# gives up when one ends meanwhile, which on a shared machine happens; such a case is run again
cases=$(sed -n 's/^CASES=${CASES:-"\(.*\)"}$/\1/p' "$work/driver/bench-cases.sh")
[[ -n $cases ]] || { say "cannot read the standard cases from bench-cases.sh"; exit 2; }
each_case() { # SERVER COMMAND...: runs COMMAND once per case; results in $work/SERVER
  local server=$1 n=0 case_ attempt
  shift
  for case_ in ${CASES:-$cases}; do
    n=$((n + 1))
    for attempt in 1 2 3; do
      rm -rf "$work/$server/$n"
      CASES=$case_ OUT_DIR=$work/$server/$n "$@" \
        && grep -q '^RESULT' "$work/$server/$n/results.txt" && break
      say "$server: case $case_ failed (attempt $attempt), again"
    done
    if [[ $server == kaka ]]; then profile "$n" "$case_"; fi
  done
  cat "$work/$server"/*/results.txt > "$work/$server/results.txt"
  cat "$work/$server"/*/drive.log > "$work/$server/drive.log"
}
# PROFILE=1: the ingress records with Java Flight Recorder from its start (a recording started
# later makes the JIT compile the hot paths again, for most of a minute on 2 cores); after each
# case the recording is dumped and its samples from the timed run are summarised
profile() { # N CASE
  [[ -n ${PROFILE:-} ]] || return 0
  local since=$(( $(date +%s%3N) - $(seconds "$DURATION") * 1000 - 1000 ))
  mkdir -p "$work/profile"
  jcmd "$ingress_pid" JFR.dump name=kaka filename="$work/profile/$1.jfr" >/dev/null 2>&1 || true
  [[ -s $work/profile/$1.jfr ]] || return 0
  { printf '\n**Where the ingress'"'"'s CPU went: %s** (Java Flight Recorder, `PROFILE=1`)\n\n' "$2"
    java -cp "$classpath" dev.kaka.bench.intake.ProfileSummary "$work/profile/$1.jfr" "$since" 12
  } >> "$work/profile.md"
}
seconds() { case $1 in *m) echo $(( ${1%m} * 60 ));; *s) echo "${1%s}";; *) echo "$1";; esac; }
load=$(bench_load)

# --- Kaka: broker and Mongo stand-in in one JVM, the ingress in its own, as in production ---
say "starting the Kafka broker (warmed up for $WARMUP) and the MongoDB stand-in ..."
mkdir -p "$work/infra"
# The broker stands in for a long-running cluster: before the addresses are written it produces to
# a topic of its own for as long as a case's warm-up, so its JIT does not count against the ingress
"${pin[@]}" java -XX:+UseSerialGC -Xmx512m -cp "$classpath" dev.kaka.bench.intake.Infrastructure \
  "$work/infra" "$work/infra/addresses" "$(seconds "$WARMUP")" > "$work/infra.log" 2>&1 &
infra_pid=$!; pids+=("$infra_pid")
for _ in $(seq $(( 240 + 2 * $(seconds "$WARMUP") ))); do
  [[ -f $work/infra/addresses ]] && break
  kill -0 "$infra_pid" 2>/dev/null || { cat "$work/infra.log" >&2; exit 1; }
  sleep 0.5
done
kafka=$(sed -n 's/^kafka=//p' "$work/infra/addresses")
mongo=$(sed -n 's/^mongo=//p' "$work/infra/addresses")

# the JVM flags of the ingress image, sized for the pod's memory limit
jvm_flags=$(image_jvm_flags ingress)
pod_memory=$(pod_memory_limit ingress)
memory=${INGRESS_MEMORY:-${pod_memory:-768m}}
secret=$(openssl rand -hex 20)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port/webhooks/github"
# shellcheck disable=SC2086 # the flags are words
say "starting the ingress on port $port (java -XX:MaxRAM=$memory $(echo $jvm_flags)) ..."
# The command is set to the first word of the payload's comment ("You are totally right! ..."), so
# every issue_comment delivery is a trigger with instructions: a task published to Kafka before the
# 202. The rate limits are raised so that one sender can start all of them. No GitHub token: every
# repository gets the service-wide settings, nothing is read from GitHub.
# shellcheck disable=SC2086
env -u GITHUB_TOKEN KAKA_WEBHOOK_SECRET="$secret" LOGGING_STRUCTURED_FORMAT_CONSOLE=dev.kaka.support.logging.EcsLogFormat \
  "${pin[@]}" java "-XX:MaxRAM=$memory" $jvm_flags \
  ${PROFILE:+-XX:StartFlightRecording=name=kaka,settings=profile} -jar "$ingress_jar" \
  --server.port="$port" \
  --spring.kafka.bootstrap-servers="$kafka" \
  --spring.mongodb.uri="$mongo" \
  --management.health.mongodb.enabled=false \
  --management.endpoint.health.validate-group-membership=false \
  --kaka.trigger.command=You \
  --kaka.webhook.rate-limit.per-sender.limit=2000000000 \
  --kaka.webhook.rate-limit.per-repository.limit=2000000000 \
  > "$work/ingress.log" 2>&1 &
ingress_pid=$!; pids+=("$ingress_pid")
for _ in $(seq 360); do
  curl -fsS -m 2 "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1 && break
  kill -0 "$ingress_pid" 2>/dev/null || { tail -n 40 "$work/ingress.log" >&2; exit 1; }
  sleep 0.5
done
curl -fsS -m 2 "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null \
  || { say "the ingress did not become ready"; tail -n 40 "$work/ingress.log" >&2; exit 1; }

# CPU and memory of the ingress and the broker, once a second, for the measured windows
ticks() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 }'; }
( while kill -0 "$ingress_pid" 2>/dev/null; do
    printf '%s %s %s %s %s\n' "$(date +%s.%N)" "$(ticks "$ingress_pid")" "$(ticks "$infra_pid")" \
      "$(awk '/^VmRSS/ { print $2 }' "/proc/$ingress_pid/status" 2>/dev/null)" \
      "$(cat "$work"/kaka/*/results.txt 2>/dev/null | grep -c '^RESULT')"
    sleep 1
  done ) > "$work/samples.txt" 2>/dev/null &
pids+=("$!")

say "Kaka: the standard cases, warm-up $WARMUP, $DURATION each"
each_case kaka "$work/driver/bench-cases.sh" "$url" "$secret" "$ingress_pid"
awk '/^VmHWM/ { print $2 }' "/proc/$ingress_pid/status" > "$work/ingress-peak-rss.txt"
curl -fsS "http://127.0.0.1:$port/actuator/prometheus" | grep '^kaka_webhooks_received_total' \
  > "$work/webhook-counts.txt" || true
java -cp "$classpath" dev.kaka.bench.intake.AcceptedDeliveries "$kafka" kaka.issue-triggered \
  > "$work/records.txt"
stop "$ingress_pid"
stop "$infra_pid"

# --- the peer, same driver, same cases, same warm-up ---
say "peer: the same cases"
export PEER_LOG=silent
each_case peer "$work/driver/run-peer.sh" | tee "$work/peer.txt"

{
  printf 'Kaka: the ingress from its jar (`java -XX:MaxRAM=%s %s -jar ...`: the image'"'"'s flags, ' \
    "$memory" "$(echo $jvm_flags)"
  printf 'sized for the pod'"'"'s memory limit), a real Kafka broker (KRaft) on this machine '
  printf '(warmed up for %s first: it stands in for a long-running cluster), ' "$WARMUP"
  printf '`acks=all` and the idempotent producer as configured. '
  printf 'The comment command is set to `You`, '
  printf 'so every `issue_comment` delivery (its comment starts "You are totally right!") is a '
  printf 'trigger: a task published to `kaka.issue-triggered` before the 202. '
  printf 'Peer: `@octokit/webhooks` on Node %s (`PEER_LOG=silent`). ' "$(node -v)"
  printf 'Both: the driver in `../shared/bench/ingress` (wrk, %s connections, %s threads), ' \
    "$CONNS" "$THREADS"
  printf 'warm-up %s, then %s per case%s.\n\n' "$WARMUP" "$DURATION" \
    "${SERVER_CPUS:+, servers on CPUs $SERVER_CPUS}${WRK_CPUS:+, wrk on CPUs $WRK_CPUS}"
} > "$work/set-up.md"
echo
cat "$work/set-up.md"
java -cp "$classpath" dev.kaka.bench.intake.IntakeReport --work="$work" --conns="$CONNS" \
  --ticks-per-second="$(getconf CLK_TCK)" --report="$work/table.md"
touch "$work/profile.md"
cat "$work/profile.md"
cat "$work/set-up.md" "$work/table.md" "$work/profile.md" > "$work/report.md"
# an accepted delivery missing from Kafka is a bug, whatever the figures
if [[ -n ${QUICK:-} ]] && grep -qF '| **no**' "$work/table.md"; then
  say "an accepted delivery is not in Kafka: see the table"
  exit 1
fi
bench_record intake "Intake" "$command" "$load" "$work/report.md"
