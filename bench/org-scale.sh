#!/usr/bin/env bash
# Organisation scale: 2,000 labeled issues on 200 repositories, sent in 10 bursts, run by 4 worker
# JVMs with the stub agent, against a fake GitHub that enforces GitHub's secondary limits (80 writes
# a minute, 500 an hour) on a clock 120 times faster (an hour lasts 30 s), the notifier's pacer (400
# writes an hour) on the same clock. The default speed-up is about the fastest clock on which the
# pacer, not the workers, sets the pace on 2 cores: the system alone makes its ~4 writes per task
# faster than 400 an hour of that clock, so the writes queue up and the run takes about 11 minutes
# (at 60, about 20; at 360 the limits allow more than the workers make, and nothing waits). Checks
# that every task completed exactly once with one pull request and one comment; prints the wall
# time, tasks per minute, secondary-limit answers (goal 0), the writes' wait for a turn (p50, p99),
# the status comments' lag behind the tasks' completion, MongoDB writes per task and the CPU other
# processes on the machine used meanwhile, and records them in docs/benchmarks.md.
#
#   bench/org-scale.sh
#   BENCH_TRIGGERS=200 BENCH_REPOSITORIES=20 BENCH_SPEED_UP=60 bench/org-scale.sh   2 minutes, paced
#   BENCH_SPEED_UP=360 bench/org-scale.sh         a faster clock: the workers, not the limits, set the pace
#   QUICK=1 bench/org-scale.sh                    8 issues on 4 repositories, 2 workers, not recorded
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_quick BENCH_REPOSITORIES=4 BENCH_TRIGGERS=8 BENCH_BURSTS=2 BENCH_WORKERS=2

repositories=${BENCH_REPOSITORIES:-200}
triggers=${BENCH_TRIGGERS:-2000}
bursts=${BENCH_BURSTS:-10}
workers=${BENCH_WORKERS:-4}
speed_up=${BENCH_SPEED_UP:-120}
command=$(bench_command bench/org-scale.sh BENCH_REPOSITORIES BENCH_TRIGGERS BENCH_BURSTS \
  BENCH_WORKERS BENCH_SPEED_UP)

# The CPU seconds the whole machine has been busy (user, nice, system, interrupts) since it started.
machine_busy_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '$1 == "cpu" { print ($2 + $3 + $4 + $7 + $8) / hz }' /proc/stat
}

# Sets run_cpu to the CPU seconds of this script's finished children: the harness JVM with the
# broker and the MongoDB stand-in, and the services it started and waited for (their agents
# included). Not in a subshell, whose children are not this shell's.
children_cpu_seconds() {
  times > "$work/times"
  run_cpu=$(awk 'NR == 2 { for (i = 1; i <= NF; i++) { split($i, t, /[ms]/); s += t[1] * 60 + t[2] } print s }' "$work/times")
}

# other_cpu START MACHINE_BEFORE KAKA_BEFORE REPORT: adds to REPORT the CPU that processes other than
# the run's used while it ran (the machine's busy time less the run's), a share of one CPU.
other_cpu() {
  local now busy
  now=$(date +%s.%N)
  busy=$(machine_busy_seconds)
  children_cpu_seconds
  awk -v wall="$now" -v start="$1" -v busy="$busy" -v busy_before="$2" -v run="$run_cpu" \
      -v run_before="$3" -v cores="$(nproc)" '
    BEGIN { other = ((busy - busy_before) - (run - run_before)) * 100 / (wall - start) }
    /^Raw figures:/ { printf "Other processes on the machine used %.0f %% of a CPU on average while the run lasted (of %d %%): the busy time of the machine less the CPU time of the run.\n\n", other, cores * 100 }
    { print }
    /^wall_s=/ { printf "other_cpu_pct=%.0f\n", other }' "$4" > "$4.tmp" && mv "$4.tmp" "$4"
}

bench_build
work=$(mktemp -d "${TMPDIR:-/tmp}/kaka-bench-org-scale.XXXXXX")
# kept when the run fails: the services' logs are in run/logs
trap '[[ $? -eq 0 ]] && rm -rf "$work" || echo "bench: kept $work for a look" >&2' EXIT
load=$(bench_load)
machine_before=$(machine_busy_seconds)
children_cpu_seconds
kaka_before=$run_cpu
started=$(date +%s.%N)
java -XX:+UseSerialGC -Dkaka.home="$KAKA_HOME" -cp "$(bench_classpath)" \
  dev.kaka.bench.orgscale.OrgScaleBench --work="$work/run" --repositories="$repositories" \
  --triggers="$triggers" --bursts="$bursts" --workers="$workers" --speed-up="$speed_up" \
  --report="$work/report.md"
other_cpu "$started" "$machine_before" "$kaka_before" "$work/report.md"
# a task lost or run twice is a bug, whatever the figures
if [[ -n ${QUICK:-} ]] && ! grep -q 'exactly once' "$work/report.md"; then
  echo "bench: a task did not complete exactly once; see $work/report.md" >&2
  exit 1
fi
bench_record org-scale "Organisation scale" "$command" "$load" "$work/report.md"
