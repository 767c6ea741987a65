#!/usr/bin/env bash
# Repository cache: on a synthetic repository (20,000 files, 2,000 commits) served over smart
# HTTP by the fake GitHub, how long the worker's GitWorkspaces takes to give a task its workspace:
# cold (first task: shallow mirror clone + checkout) against warm (a later task: fetch + a fresh
# branch, with the working tree checked out anew, and reusing a finished task's tree). Then, on a
# huge one (100,000 files, 20,000 commits), a task's cold start to its agent in the sandbox against
# the git CLI's `git clone --depth 1 --single-branch`, and warm starts once the mirror's history
# is filled. Needs git (to build the repositories; the huge one is kept under
# bench/target/synthetic-repositories for later runs), bubblewrap and socat. Prints the tables and
# records them in docs/benchmarks.md.
#
#   bench/repo-cache.sh
#   BENCH_FILES=2000 BENCH_COMMITS=200 BENCH_COLD_RUNS=2 BENCH_WARM_RUNS=3 bench/repo-cache.sh
#   BENCH_HUGE_FILES=200000 BENCH_HUGE_COMMITS=50000 BENCH_HUGE_COLD_RUNS=3 bench/repo-cache.sh
#   QUICK=1 bench/repo-cache.sh               tiny repositories, one run each, not recorded
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_quick BENCH_FILES=200 BENCH_COMMITS=20 BENCH_COLD_RUNS=1 BENCH_WARM_RUNS=1 \
  BENCH_HUGE_FILES=300 BENCH_HUGE_COMMITS=30 BENCH_HUGE_COLD_RUNS=1 BENCH_HUGE_WARM_RUNS=1

files=${BENCH_FILES:-20000}
commits=${BENCH_COMMITS:-2000}
cold_runs=${BENCH_COLD_RUNS:-3}
warm_runs=${BENCH_WARM_RUNS:-7}
huge_files=${BENCH_HUGE_FILES:-100000}
huge_commits=${BENCH_HUGE_COMMITS:-20000}
huge_cold_runs=${BENCH_HUGE_COLD_RUNS:-2}
huge_warm_runs=${BENCH_HUGE_WARM_RUNS:-3}
command=$(bench_command bench/repo-cache.sh BENCH_FILES BENCH_COMMITS BENCH_COLD_RUNS \
  BENCH_WARM_RUNS BENCH_HUGE_FILES BENCH_HUGE_COMMITS BENCH_HUGE_COLD_RUNS BENCH_HUGE_WARM_RUNS)

bench_build
work=$(mktemp -d "${TMPDIR:-/tmp}/kaka-bench-repo-cache.XXXXXX")
# kept when the run fails: the services' logs are in run/logs
trap '[[ $? -eq 0 ]] && rm -rf "$work" || echo "bench: kept $work for a look" >&2' EXIT
load=$(bench_load)
java -XX:+UseSerialGC -cp "$(bench_classpath)" dev.kaka.bench.cache.RepoCacheBench \
  --work="$work/run" --files="$files" --commits="$commits" --cold-runs="$cold_runs" \
  --warm-runs="$warm_runs" --huge-files="$huge_files" --huge-commits="$huge_commits" \
  --huge-cold-runs="$huge_cold_runs" --huge-warm-runs="$huge_warm_runs" \
  --synthetic-cache="$KAKA_HOME/bench/target/synthetic-repositories" --report="$work/report.md"
bench_record repo-cache "Repository cache" "$command" "$load" "$work/report.md"
