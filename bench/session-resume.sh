#!/usr/bin/env bash
# Session resume: what resuming the first run's session saves a follow-up on a pull request. The
# real `claude` runs a scripted task against the fake Messages API (no network, no key), then the
# same scripted follow-up twice: resuming the first run's session and fresh; the fake counts the
# bytes of messages and the input tokens each sends. Needs the Claude Code CLI (without it, says
# so and records nothing). Prints the table and records it in docs/benchmarks.md.
#
#   bench/session-resume.sh
#   BENCH_FILES=12 bench/session-resume.sh    a larger module for the model to read
#   QUICK=1 bench/session-resume.sh           a module of one file, not recorded (see lib.sh)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_quick BENCH_FILES=1

files=${BENCH_FILES:-6}
command=$(bench_command bench/session-resume.sh BENCH_FILES)

bench_build
work=$(mktemp -d "${TMPDIR:-/tmp}/kaka-bench-session.XXXXXX")
trap 'rm -rf "$work"' EXIT
load=$(bench_load)
java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$(bench_classpath)" \
  dev.kaka.bench.session.SessionResumeBench --work="$work/run" --files="$files" \
  --report="$work/report.md"
if grep -q '^Not run' "$work/report.md"; then
  exit 0
fi
bench_record session-resume "Session resume" "$command" "$load" "$work/report.md"
