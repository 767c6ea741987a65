# Sourced by the bench/*.sh scripts: building the harness and recording results.

BENCH_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KAKA_HOME=$(cd "$BENCH_HOME/.." && pwd)
# Written by every build of the bench module (its pom.xml), after all the other modules: a build
# newer than every source file is one the scripts can run on.
HARNESS_CLASSPATH=$KAKA_HOME/bench/target/classpath.txt

# QUICK=1: each script runs its smallest case, in seconds, to prove that it still works end to end
# (CI runs every script so after the tests). Its figures mean nothing, so they go to a scratch copy
# of the results file, never into docs/benchmarks.md.
if [[ -n ${QUICK:-} && -z ${RESULTS_FILE:-} ]]; then
  RESULTS_FILE=$KAKA_HOME/bench/target/quick-results.md
  mkdir -p "$(dirname "$RESULTS_FILE")"
  cp "$KAKA_HOME/docs/benchmarks.md" "$RESULTS_FILE" 2>/dev/null || rm -f "$RESULTS_FILE"
fi
RESULTS_FILE=${RESULTS_FILE:-$KAKA_HOME/docs/benchmarks.md}

# bench_quick VAR=VALUE...: in quick mode, the settings of the script's smallest case, each unless
# set already; outside quick mode, nothing.
bench_quick() {
  [[ -n ${QUICK:-} ]] || return 0
  local setting name
  for setting in "$@"; do
    name=${setting%%=*}
    [[ -n ${!name:-} ]] || export "$setting"
  done
}

# Builds Kaka and the bench harness unless the last build is newer than every source file (after
# the README's `mvn verify`, it is).
bench_build() {
  if [[ ! -f $HARNESS_CLASSPATH || -n "$(find "$KAKA_HOME" -path "$KAKA_HOME/.kaka" -prune -o \( -name '*.java' -o -name pom.xml -o -name '*.yml' \) -newer "$HARNESS_CLASSPATH" -print -quit)" ]]; then
    echo "bench: building Kaka and the benchmark harness ..." >&2
    (cd "$KAKA_HOME" && mvn -B -q -DskipTests package)
  fi
}

# The harness classpath (bench classes + dependencies), as the last build wrote it.
bench_classpath() {
  echo "$KAKA_HOME/bench/target/classes:$(cat "$HARNESS_CLASSPATH")"
}

# image_jvm_flags TARGET: the JVM flags of the Dockerfile's stage TARGET (its ENTRYPOINT's words
# between java and -jar), one per line, so that a bench runs a service as its image does.
image_jvm_flags() {
  awk -v stage="$1" '$1 == "FROM" && $NF == stage { s = 1 } s && /^ENTRYPOINT/ { print; exit }' \
      "$KAKA_HOME/Dockerfile" | sed 's/^ENTRYPOINT \[//; s/\]$//; s/"//g; s/,/ /g' \
    | awk '{ for (i = 2; i <= NF && $i != "-jar"; i++) print $i }'
}

# pod_memory_limit SERVICE: the memory limit of the service's pod in k8s/base/SERVICE.yaml, in the
# JVM's notation (3Gi -> 3g), for -XX:MaxRAM: what a JVM in that pod sizes itself for.
pod_memory_limit() {
  awk '/limits:/ { l = 1; next } l && /memory:/ { print $2; exit }' "$KAKA_HOME/k8s/base/$1.yaml" \
    | sed 's/Mi$/m/; s/Gi$/g/'
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
