# Sourced by the bench/*.sh scripts: building the harness and recording results.

BENCH_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KAKA_HOME=$(cd "$BENCH_HOME/.." && pwd)
RESULTS_FILE=${RESULTS_FILE:-$KAKA_HOME/docs/benchmarks.md}

# Builds Kaka and the bench harness once; later calls are no-ops when nothing changed.
bench_build() {
  local stamp=$KAKA_HOME/bench/target/.built
  if [[ ! -f $stamp || -n "$(find "$KAKA_HOME" -path "$KAKA_HOME/.kaka" -prune -o \( -name '*.java' -o -name pom.xml -o -name '*.yml' \) -newer "$stamp" -print -quit)" ]]; then
    echo "bench: building Kaka and the benchmark harness ..." >&2
    (cd "$KAKA_HOME" && mvn -B -q -DskipTests install)
    mkdir -p "$(dirname "$stamp")" && touch "$stamp"
  fi
}

# The harness classpath (bench classes + dependencies), computed once per build.
bench_classpath() {
  local cp=$KAKA_HOME/bench/target/classpath.txt
  if [[ ! -f $cp || $KAKA_HOME/bench/pom.xml -nt $cp ]]; then
    (cd "$KAKA_HOME" && mvn -B -q -o -pl bench dependency:build-classpath -Dmdep.outputFile="$cp" >/dev/null)
  fi
  echo "$KAKA_HOME/bench/target/classes:$(cat "$cp")"
}

# One line describing this machine, for the results file.
bench_machine() {
  printf '%s cores (%s), %s GiB RAM, %s, Java %s' "$(nproc)" \
    "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')" \
    "$(awk '/MemTotal/ {printf "%.0f", $2/1048576}' /proc/meminfo)" \
    "$(uname -sr)" "$(java -version 2>&1 | head -n1 | cut -d'"' -f2)"
}

# record_results NAME FILE: replaces the section NAME of docs/benchmarks.md with FILE's content
# (markdown), adding the section if it is new. Sections keep their order in the file.
record_results() {
  local name=$1 body=$2 begin="<!-- bench:$1 -->" end="<!-- /bench:$1 -->"
  mkdir -p "$(dirname "$RESULTS_FILE")"
  [[ -f $RESULTS_FILE ]] || printf '# Benchmark results\n\nWritten by the scripts in `bench/`; do not edit below by hand.\n' > "$RESULTS_FILE"
  if grep -qF "$begin" "$RESULTS_FILE"; then
    awk -v b="$begin" -v e="$end" -v f="$body" '
      $0 == b { print; while ((getline line < f) > 0) print line; skip = 1; next }
      $0 == e { skip = 0 }
      !skip' "$RESULTS_FILE" > "$RESULTS_FILE.tmp" && mv "$RESULTS_FILE.tmp" "$RESULTS_FILE"
  else
    { printf '\n%s\n' "$begin"; cat "$body"; printf '%s\n' "$end"; } >> "$RESULTS_FILE"
  fi
  echo "bench: results written to ${RESULTS_FILE#$KAKA_HOME/} (section $name)" >&2
}

# The 1, 5 and 15 minute load averages, to show how busy the machine was around a run.
bench_load() {
  cut -d' ' -f1-3 /proc/loadavg
}

# bench_record NAME TITLE COMMAND LOAD_BEFORE REPORT: records REPORT (a harness's markdown) as
# section NAME of docs/benchmarks.md, headed by TITLE, the date, machine, command and load.
bench_record() {
  local name=$1 title=$2 command=$3 load_before=$4 report=$5 section
  section=$(mktemp)
  {
    printf '## %s\n\n' "$title"
    printf -- '- Date: %s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
    printf -- '- Machine: %s\n' "$(bench_machine)"
    printf -- '- Command: `%s`\n' "$command"
    printf -- '- Load average (1, 5, 15 min) before and after: %s; %s\n\n' "$load_before" "$(bench_load)"
    cat "$report"
  } > "$section"
  record_results "$name" "$section"
  rm -f "$section"
}

# bench_command SCRIPT VAR...: the command line that reproduces this run: SCRIPT, preceded by
# those of the variables VAR that are set.
bench_command() {
  local script=$1 var command=''
  shift
  for var in "$@"; do
    [[ -n ${!var:-} ]] && command+="$var=${!var} "
  done
  printf '%s%s' "$command" "$script"
}
