package dev.kaka.bench.intake;

import dev.kaka.bench.system.Arguments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The tables of {@code bench/intake.sh}: Kaka's and the peer's figures per case, side by side, with
 * the ratio, the ingress's memory, whether every delivery Kaka accepted is in Kafka, and the CPU
 * every process used. Reads what the script collected in {@code --work}, prints the report and
 * writes it, with the raw figures, to {@code --report}.
 */
public final class IntakeReport {

  /** Kaka must answer at least this many times as many requests a second as the peer. */
  static final double GOAL_RATIO = 1.5;

  /** CPU % of one CPU that the rest of the machine may use before a row counts as contaminated. */
  static final double OTHER_LOAD_LIMIT = 10;

  private static final Pattern PROBE =
      Pattern.compile("probe: status=(\\d+) .*?\"status\":\"([a-z-]+)\"");
  private static final Pattern PEAK_RSS = Pattern.compile("peer rss:\\s+peak (\\d+) kB");

  private final Path work;
  private final int conns;

  private IntakeReport(Path work, int conns) {
    this.work = work;
    this.conns = conns;
  }

  public static void main(String[] args) {
    Arguments arguments = Arguments.parse(args);
    IntakeReport report = new IntakeReport(arguments.path("work"), arguments.integer("conns", 32));
    String markdown = report.markdown(arguments.integer("ticks-per-second", 100));
    System.out.print(markdown);
    arguments.writeReport(markdown, report.raw());
  }

  /** One case: both servers' figures, and what was measured around Kaka's run. */
  private record Row(
      DriverResult kaka,
      Optional<DriverResult> peer,
      OptionalDouble brokerCpu,
      OptionalDouble ingressRssMib,
      KafkaCheck kafka) {

    double ratio() {
      return peer.map(p -> kaka.number("rps") / p.number("rps")).orElse(Double.NaN);
    }

    boolean meetsGoal() {
      return ratio() >= GOAL_RATIO && kafka.holds();
    }

    /** What the rest of the machine used during Kaka's run, its broker not counted. */
    double kakaOtherCpu() {
      return brokerCpu.isPresent()
          ? kaka.number("other_cpu_pct") - brokerCpu.getAsDouble()
          : Double.NaN;
    }

    boolean contaminated() {
      return !(kakaOtherCpu() <= OTHER_LOAD_LIMIT)
          || peer.map(p -> !(p.number("other_cpu_pct") <= OTHER_LOAD_LIMIT)).orElse(true);
    }
  }

  private String markdown(int ticksPerSecond) {
    List<Row> rows = rows(ticksPerSecond);
    return resultTable(rows)
        + "\n"
        + verdict(rows)
        + "\n\nIngress peak resident memory (VmHWM): "
        + peakIngressRss()
        + "; peer: "
        + peakPeerRss()
        + ".\n\n"
        + cpuTable(rows);
  }

  private List<Row> rows(int ticksPerSecond) {
    List<DriverResult> kaka = DriverResult.readAll(work.resolve("kaka/results.txt"));
    List<DriverResult> peer = DriverResult.readAll(work.resolve("peer/results.txt"));
    ResourceSamples samples = ResourceSamples.read(work.resolve("samples.txt"), ticksPerSecond);
    PublishedRuns published = PublishedRuns.read(work.resolve("records.txt"));
    List<String> probes = probeAnswers(work.resolve("kaka/drive.log"));
    List<Row> rows = new ArrayList<>();
    double caseStart = 0;
    for (int i = 0; i < kaka.size(); i++) {
      DriverResult ours = kaka.get(i);
      // the records of a case are those first published after the previous case ended
      double caseEnd = samples.finishedAtMillis(i).orElse(Double.MAX_VALUE);
      KafkaCheck kafka =
          check(
              ours,
              i < probes.size() ? probes.get(i) : "?",
              published.runsBetween(caseStart, caseEnd));
      caseStart = caseEnd;
      rows.add(
          new Row(
              ours,
              peer.stream().filter(p -> p.caseName().equals(ours.caseName())).findFirst(),
              samples.brokerCpuPercent(i, ours.number("duration_s")),
              samples.ingressRssMib(i),
              kafka));
    }
    return rows;
  }

  private static String resultTable(List<Row> rows) {
    StringBuilder table =
        new StringBuilder()
            .append(
                "| case | Kaka req/s | p50 / p99 ms | non-2xx | peer req/s | p50 / p99 ms | non-2xx"
                    + " | Kaka ÷ peer | ingress RSS | accepted deliveries in Kafka before their 202 |\n")
            .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (Row row : rows) {
      table.append(
          cells(
              row.kaka().caseName() + " (" + row.kaka().text("bytes") + " B)",
              rps(row.kaka()),
              latency(row.kaka()),
              row.kaka().text("non2xx"),
              row.peer().map(IntakeReport::rps).orElse("n/a"),
              row.peer().map(IntakeReport::latency).orElse("n/a"),
              row.peer().map(p -> p.text("non2xx")).orElse("n/a"),
              fixed(row.ratio(), 2) + "×",
              mib(row.ingressRssMib()),
              row.kafka().text()));
    }
    return table.toString();
  }

  private static String verdict(List<Row> rows) {
    String met = names(rows, true);
    String missed = names(rows, false);
    String contaminated =
        rows.stream()
            .filter(Row::contaminated)
            .map(row -> row.kaka().caseName())
            .collect(Collectors.joining(", "));
    boolean all = !rows.isEmpty() && missed.isEmpty();
    return String.format(
        Locale.ROOT,
        "Goal (Kaka ≥ %.1f× the peer's requests/s, every accepted"
            + " delivery in Kafka before its 202): **%s**%s%s.%s",
        GOAL_RATIO,
        all ? "met in every case" : "missed",
        met.isEmpty() ? "" : "; met for " + met,
        missed.isEmpty() ? "" : "; missed for " + missed,
        contaminated.isEmpty()
            ? " No row was contaminated by other load."
            : " Contaminated by other load (*other* above "
                + fixed(OTHER_LOAD_LIMIT, 0)
                + " %): "
                + contaminated
                + ".");
  }

  private static String names(List<Row> rows, boolean meeting) {
    return rows.stream()
        .filter(row -> row.meetsGoal() == meeting)
        .map(row -> row.kaka().caseName() + " (" + fixed(row.ratio(), 2) + "×)")
        .collect(Collectors.joining(", "));
  }

  private static String cpuTable(List<Row> rows) {
    int cpus = Runtime.getRuntime().availableProcessors();
    StringBuilder table =
        new StringBuilder()
            .append(
                "CPU during each timed run, in % of one CPU ("
                    + cpus
                    + " CPUs = "
                    + 100 * cpus
                    + " %). Kaka's *other* does not count its broker:\n\n")
            .append(
                "| case | Kaka: ingress % | broker % | wrk % | other % | peer: server % | wrk %"
                    + " | other % |\n")
            .append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row row : rows) {
      table.append(
          cells(
              row.kaka().caseName(),
              row.kaka().text("server_cpu_pct"),
              row.brokerCpu().isPresent() ? fixed(row.brokerCpu().getAsDouble(), 0) : "n/a",
              row.kaka().text("wrk_cpu_pct"),
              fixed(row.kakaOtherCpu(), 0),
              row.peer().map(p -> p.text("server_cpu_pct")).orElse("n/a"),
              row.peer().map(p -> p.text("wrk_cpu_pct")).orElse("n/a"),
              row.peer().map(p -> p.text("other_cpu_pct")).orElse("n/a")));
    }
    return table.toString();
  }

  /** Whether the deliveries of one case that Kaka accepted are on the topic. */
  private record KafkaCheck(boolean holds, String text) {}

  /**
   * The records of the case's last wrk run (its timed run; the one before is its warm-up) against
   * the 2xx answers wrk counted: at least as many, at most as many more as requests were still open
   * when wrk stopped, none twice.
   */
  private KafkaCheck check(DriverResult result, String probe, List<PublishedRuns.Run> runs) {
    if (runs.isEmpty()) {
      return probe.endsWith("queued")
          ? new KafkaCheck(false, "**no**: answered " + probe + ", but nothing is on the topic")
          : new KafkaCheck(true, "nothing to publish (answered " + probe + ")");
    }
    PublishedRuns.Run timed = runs.get(runs.size() - 1);
    long answered = result.successes();
    long surplus = timed.records() - answered;
    boolean unique = timed.distinct() == timed.records();
    boolean holds = surplus >= 0 && surplus <= conns + result.abandoned() && unique;
    return new KafkaCheck(
        holds,
        String.format(
            Locale.ROOT,
            "%s: %,d records for %,d 2xx%s%s",
            holds ? "yes" : "**no**",
            timed.records(),
            answered,
            surplus > 0 ? " (+" + surplus + " still open when wrk stopped)" : "",
            unique ? "" : ", some twice"));
  }

  /** {@code status answer} of each case's probe request, in the order of the cases. */
  private static List<String> probeAnswers(Path driveLog) {
    List<String> answers = new ArrayList<>();
    for (String line : lines(driveLog)) {
      Matcher probe = PROBE.matcher(line);
      if (probe.find()) {
        answers.add(probe.group(1) + " " + probe.group(2));
      }
    }
    return answers;
  }

  private String peakIngressRss() {
    return lines(work.resolve("ingress-peak-rss.txt")).stream()
        .filter(line -> !line.isBlank())
        .map(line -> mib(OptionalDouble.of(Double.parseDouble(line.trim()) / 1024)))
        .findFirst()
        .orElse("n/a");
  }

  /** The highest of the peer's peaks: it is started once per case. */
  private String peakPeerRss() {
    OptionalDouble peakKb =
        lines(work.resolve("peer.txt")).stream()
            .map(PEAK_RSS::matcher)
            .filter(Matcher::find)
            .mapToDouble(peak -> Double.parseDouble(peak.group(1)))
            .max();
    return peakKb.isPresent() ? mib(OptionalDouble.of(peakKb.getAsDouble() / 1024)) : "n/a";
  }

  private String raw() {
    return "# Kaka: the driver's RESULT lines\n"
        + joined("kaka/results.txt")
        + "# peer\n"
        + joined("peer/results.txt")
        + "# records on kaka.issue-triggered by the wrk run their delivery ids name\n"
        + joined("records.txt")
        + "# the ingress's own count of its answers\n"
        + joined("webhook-counts.txt");
  }

  private String joined(String file) {
    return lines(work.resolve(file)).stream()
        .map(line -> line + "\n")
        .collect(Collectors.joining());
  }

  private static String cells(String... values) {
    return "| " + String.join(" | ", values) + " |\n";
  }

  private static String rps(DriverResult result) {
    return String.format(Locale.ROOT, "%,.0f", result.number("rps"));
  }

  private static String latency(DriverResult result) {
    return fixed(result.number("p50_ms"), 1) + " / " + fixed(result.number("p99_ms"), 1);
  }

  private static String mib(OptionalDouble value) {
    return value.isPresent() ? fixed(value.getAsDouble(), 0) + " MiB" : "n/a";
  }

  private static String fixed(double value, int decimals) {
    return Double.isNaN(value) || Double.isInfinite(value)
        ? "n/a"
        : String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
