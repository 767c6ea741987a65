#!/usr/bin/env bash
# Worker footprint: the resident memory of one worker JVM, started with its image's flags and sized
# for its pod's memory limit (k8s/base/worker.yaml), idle and while two agents run at once, the
# agents' own processes not counted; goal ≤ 300 MiB. A real Kafka broker and the fake GitHub run
# beside it, the stub agent runs in the agent sandbox (needs bubblewrap and socat). Prints the table
# and records it in docs/benchmarks.md.
#
#   bench/worker-footprint.sh                       8 warm-up tasks, agents that sleep 10 s
#   BENCH_WARM_UP=20 BENCH_AGENT_SECONDS=20 bench/worker-footprint.sh
#   WORKER_MEMORY=2g bench/worker-footprint.sh      as in a pod with that memory limit
#   QUICK=1 bench/worker-footprint.sh               1 warm-up task, 2 s agents, not recorded
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_quick BENCH_WARM_UP=1 BENCH_AGENT_SECONDS=2

warm_up=${BENCH_WARM_UP:-8}
agent_seconds=${BENCH_AGENT_SECONDS:-10}
command=$(bench_command bench/worker-footprint.sh BENCH_WARM_UP BENCH_AGENT_SECONDS WORKER_MEMORY)

bench_build
memory=${WORKER_MEMORY:-$(pod_memory_limit worker)}
jvm_flags="-XX:MaxRAM=$memory $(image_jvm_flags worker | tr '\n' ' ')"
worker_jar=$(ls "$KAKA_HOME"/worker-service/target/worker-service-*-exec.jar | head -n 1)
work=$(mktemp -d "${TMPDIR:-/tmp}/kaka-bench-worker-footprint.XXXXXX")
# kept when the run fails: the worker's log is in run/worker.log
trap '[[ $? -eq 0 ]] && rm -rf "$work" || echo "bench: kept $work for a look" >&2' EXIT
load=$(bench_load)
java -XX:+UseSerialGC -cp "$(bench_classpath)" dev.kaka.bench.footprint.WorkerFootprintBench \
  --work="$work/run" --jar="$worker_jar" --jvm-flags="$jvm_flags" --warm-up="$warm_up" \
  --agent-seconds="$agent_seconds" --report="$work/report.md"
bench_record worker-footprint "Worker footprint" "$command" "$load" "$work/report.md"
