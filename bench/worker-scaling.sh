#!/usr/bin/env bash
# Worker scaling: 1, 2 and 4 worker JVMs (one task at a time each) on a topic of 4 partitions,
# 40 tasks whose stub agent sleeps 2 s: throughput and its ratio to linear; then a batch during
# which a third worker joins, with every task counted on the topic (started and completed exactly
# once). Prints the tables and records them in docs/benchmarks.md.
#
#   bench/worker-scaling.sh
#   BENCH_TASKS=8 BENCH_AGENT_SECONDS=1 bench/worker-scaling.sh
#   BENCH_WORKERS=1,2 bench/worker-scaling.sh     fewer worker counts (1 and 2 are always run)
#   BENCH_WARM_UP=0 bench/worker-scaling.sh       no untimed tasks before each batch (default 2 a partition)
#   QUICK=1 bench/worker-scaling.sh               1 and 2 workers, 4 quick tasks, no warm-up, not recorded
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_quick BENCH_TASKS=4 BENCH_AGENT_SECONDS=0 BENCH_WORKERS=1,2 BENCH_WARM_UP=0

tasks=${BENCH_TASKS:-40}
agent_seconds=${BENCH_AGENT_SECONDS:-2}
workers=${BENCH_WORKERS:-1,2,4}
warm_up=${BENCH_WARM_UP:-2}
command=$(bench_command bench/worker-scaling.sh BENCH_TASKS BENCH_AGENT_SECONDS BENCH_WORKERS \
  BENCH_WARM_UP)

bench_build
work=$(mktemp -d "${TMPDIR:-/tmp}/kaka-bench-worker-scaling.XXXXXX")
# kept when the run fails: the services' logs are in run/logs
trap '[[ $? -eq 0 ]] && rm -rf "$work" || echo "bench: kept $work for a look" >&2' EXIT
load=$(bench_load)
java -XX:+UseSerialGC -Dkaka.home="$KAKA_HOME" -cp "$(bench_classpath)" \
  dev.kaka.bench.scaling.WorkerScalingBench --work="$work/run" --tasks="$tasks" \
  --agent-seconds="$agent_seconds" --workers="$workers" --warm-up="$warm_up" --report="$work/report.md"
# a task lost or run twice is a bug, whatever the figures
if [[ -n ${QUICK:-} ]] && ! grep -q 'exactly once' "$work/report.md"; then
  echo "bench: a task did not start and complete exactly once; see $work/report.md" >&2
  exit 1
fi
bench_record worker-scaling "Worker scaling" "$command" "$load" "$work/report.md"
