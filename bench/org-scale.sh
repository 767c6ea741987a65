#!/usr/bin/env bash
# Organisation scale: 2,000 labeled issues on 200 repositories, sent in 10 bursts, run by 4 worker
# JVMs with the stub agent, against a fake GitHub that enforces GitHub's secondary limits (80 writes
# a minute, 500 an hour) on a clock 60 times faster (a minute lasts a second), the notifier's pacer
# on the same clock. On that clock 2 cores' workers write faster than the limits allow, so the pacer
# sets the pace: about 20 minutes. Checks that every task completed exactly once with one pull
# request and one comment; prints the wall time, tasks per minute, secondary-limit answers (goal 0),
# the writes' wait for a turn (p50, p99) and MongoDB writes per task, and records them in
# docs/benchmarks.md.
#
#   bench/org-scale.sh
#   BENCH_TRIGGERS=400 BENCH_REPOSITORIES=40 bench/org-scale.sh
#   BENCH_SPEED_UP=360 bench/org-scale.sh         a faster clock: the workers, not the limits, set the pace
#   QUICK=1 bench/org-scale.sh                    8 issues on 4 repositories, 2 workers, not recorded
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_quick BENCH_REPOSITORIES=4 BENCH_TRIGGERS=8 BENCH_BURSTS=2 BENCH_WORKERS=2

repositories=${BENCH_REPOSITORIES:-200}
triggers=${BENCH_TRIGGERS:-2000}
bursts=${BENCH_BURSTS:-10}
workers=${BENCH_WORKERS:-4}
speed_up=${BENCH_SPEED_UP:-60}
command=$(bench_command bench/org-scale.sh BENCH_REPOSITORIES BENCH_TRIGGERS BENCH_BURSTS \
  BENCH_WORKERS BENCH_SPEED_UP)

bench_build
work=$(mktemp -d "${TMPDIR:-/tmp}/kaka-bench-org-scale.XXXXXX")
# kept when the run fails: the services' logs are in run/logs
trap '[[ $? -eq 0 ]] && rm -rf "$work" || echo "bench: kept $work for a look" >&2' EXIT
load=$(bench_load)
java -XX:+UseSerialGC -Dkaka.home="$KAKA_HOME" -cp "$(bench_classpath)" \
  dev.kaka.bench.orgscale.OrgScaleBench --work="$work/run" --repositories="$repositories" \
  --triggers="$triggers" --bursts="$bursts" --workers="$workers" --speed-up="$speed_up" \
  --report="$work/report.md"
# a task lost or run twice is a bug, whatever the figures
if [[ -n ${QUICK:-} ]] && ! grep -q 'exactly once' "$work/report.md"; then
  echo "bench: a task did not complete exactly once; see $work/report.md" >&2
  exit 1
fi
bench_record org-scale "Organisation scale" "$command" "$load" "$work/report.md"
