#!/usr/bin/env bash
# Agent sandbox: how long an agent takes to start in its sandbox (bubblewrap, the run's proxy,
# socat) against a plain process start, alternating in one run. Needs bubblewrap and socat.
# Prints the table and records it in docs/benchmarks.md.
#
#   bench/sandbox-start.sh
#   BENCH_RUNS=100 bench/sandbox-start.sh
#   QUICK=1 bench/sandbox-start.sh            3 runs each, not recorded (see lib.sh)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_quick BENCH_RUNS=3

runs=${BENCH_RUNS:-50}
command=$(bench_command bench/sandbox-start.sh BENCH_RUNS)

bench_build
work=$(mktemp -d "${TMPDIR:-/tmp}/kaka-bench-sandbox.XXXXXX")
trap 'rm -rf "$work"' EXIT
load=$(bench_load)
java -XX:+UseSerialGC -cp "$(bench_classpath)" dev.kaka.bench.sandbox.SandboxStartBench \
  --work="$work/run" --runs="$runs" --report="$work/report.md"
bench_record sandbox-start "Agent sandbox start" "$command" "$load" "$work/report.md"
