#!/usr/bin/env bash
# Pipeline overhead: from a webhook's 202 to the agent process starting, and to the pull request
# being open in the fake GitHub, with a stub agent that finishes at once and a warm repository
# cache. Tasks run one at a time; prints p50/p99/max and records them in docs/benchmarks.md.
#
#   bench/pipeline.sh                         50 measured tasks after 10 warm-up tasks
#   BENCH_TASKS=10 BENCH_WARM_UP=3 bench/pipeline.sh
#   QUICK=1 bench/pipeline.sh                 3 tasks after 1, not recorded (see lib.sh)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_quick BENCH_TASKS=3 BENCH_WARM_UP=1

tasks=${BENCH_TASKS:-50}
warm_up=${BENCH_WARM_UP:-10}
command=$(bench_command bench/pipeline.sh BENCH_TASKS BENCH_WARM_UP)

bench_build
work=$(mktemp -d "${TMPDIR:-/tmp}/kaka-bench-pipeline.XXXXXX")
# kept when the run fails: the services' logs are in run/logs
trap '[[ $? -eq 0 ]] && rm -rf "$work" || echo "bench: kept $work for a look" >&2' EXIT
load=$(bench_load)
java -XX:+UseSerialGC -Dkaka.home="$KAKA_HOME" -cp "$(bench_classpath)" \
  dev.kaka.bench.pipeline.PipelineBench --work="$work/run" --tasks="$tasks" \
  --warm-up="$warm_up" --report="$work/report.md"
bench_record pipeline "Pipeline overhead" "$command" "$load" "$work/report.md"
