#!/usr/bin/env bash
# GitHub calls per task: runs the common task paths (labeled issue → pull request, a failed run, a
# follow-up on the pull request, a fix of its failing check) one at a time against the fake GitHub
# with default settings and the stub agent, and counts what each task costs against GitHub's rate
# limits: calls against the primary limit (a 304 costs none), content-creating ones, by endpoint;
# and the tasks an hour one installation can run under each limit. Prints the tables and records
# them in docs/benchmarks.md.
#
#   bench/github-calls.sh                    each path 3 times after the first task
#   BENCH_ROUNDS=5 bench/github-calls.sh
#   QUICK=1 bench/github-calls.sh            each path once, not recorded (see lib.sh)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_quick BENCH_ROUNDS=1

rounds=${BENCH_ROUNDS:-3}
command=$(bench_command bench/github-calls.sh BENCH_ROUNDS)

bench_build
work=$(mktemp -d "${TMPDIR:-/tmp}/kaka-bench-github-calls.XXXXXX")
# kept when the run fails: the services' logs are in run/logs
trap '[[ $? -eq 0 ]] && rm -rf "$work" || echo "bench: kept $work for a look" >&2' EXIT
load=$(bench_load)
java -XX:+UseSerialGC -Dkaka.home="$KAKA_HOME" -cp "$(bench_classpath)" \
  dev.kaka.bench.github.GitHubCallsBench --work="$work/run" --rounds="$rounds" \
  --report="$work/report.md"
bench_record github-calls "GitHub calls per task" "$command" "$load" "$work/report.md"
