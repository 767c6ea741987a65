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

/**
 * The table of {@code bench/intake.sh}: Kaka's and the peer's figures per case, side by side, with
 * the ratio, the ingress's memory and whether every delivery Kaka accepted is in Kafka. Reads what
 * the script collected in {@code --work}, prints the report and writes it to {@code --report}.
 */
public final class IntakeReport {

  /** Kaka must answer at least this many times as many requests a second as the peer. */
  static final double GOAL_RATIO = 1.5;

  private static final Pattern PROBE = Pattern.compile("probe: status=(\\d+) .*?\"status\":\"([a-z-]+)\"");
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
    String raw = report.raw();
    System.out.print(markdown);
    arguments.writeReport(markdown, raw);
  }

  private String markdown(int ticksPerSecond) {
    List<DriverResult> kaka = DriverResult.readAll(work.resolve("kaka/results.txt"));
    List<DriverResult> peer = DriverResult.readAll(work.resolve("peer/results.txt"));
    ResourceSamples samples = ResourceSamples.read(work.resolve("samples.txt"), ticksPerSecond);
    PublishedRuns published = PublishedRuns.read(work.resolve("records.txt"));
    List<String> probes = probeAnswers(work.resolve("kaka/drive.log"));

    StringBuilder table = new StringBuilder()
        .append("| case | Kaka req/s | p50 / p99 ms | non-2xx | peer req/s | p50 / p99 ms | non-2xx "
            + "| Kaka ÷ peer | ingress RSS | accepted deliveries in Kafka before their 202 |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    StringBuilder cpu = new StringBuilder()
        .append("| case | Kaka: ingress % | broker % | wrk % | other % | quiet "
            + "| peer: server % | wrk % | other % | quiet |\n")
        .append("|---|---:|---:|---:|---:|---|---:|---:|---:|---|\n");
    boolean goalMet = !kaka.isEmpty();
    double lowestRatio = Double.POSITIVE_INFINITY;
    double windowStart = 0;
    for (int i = 0; i < kaka.size(); i++) {
      DriverResult ours = kaka.get(i);
      Optional<DriverResult> theirs = peer.stream()
          .filter(result -> result.caseName().equals(ours.caseName())).findFirst();
      double ratio = theirs.map(p -> ours.number("rps") / p.number("rps")).orElse(Double.NaN);
      double windowEnd = samples.finishedAtMillis(i).orElse(Double.MAX_VALUE);
      Durability durability = durability(ours, i < probes.size() ? probes.get(i) : "",
          published.runsBetween(windowStart, windowEnd));
      windowStart = windowEnd;
      goalMet &= ratio >= GOAL_RATIO && durability.holds();
      lowestRatio = Math.min(lowestRatio, Double.isNaN(ratio) ? 0 : ratio);
      OptionalDouble broker = samples.brokerCpuPercent(i, ours.number("duration_s"));
      table.append(String.format(Locale.ROOT, "| %s (%s B) | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
          ours.caseName(), ours.text("bytes"), rps(ours), latency(ours), ours.text("non2xx"),
          theirs.map(IntakeReport::rps).orElse("n/a"), theirs.map(IntakeReport::latency).orElse("n/a"),
          theirs.map(p -> p.text("non2xx")).orElse("n/a"), fixed(ratio, 2) + "×",
          samples.ingressRssMib(i).isPresent() ? fixed(samples.ingressRssMib(i).getAsDouble(), 0)
              + " MiB" : "n/a",
          durability.text()));
      cpu.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
          ours.caseName(), ours.text("server_cpu_pct"),
          broker.isPresent() ? fixed(broker.getAsDouble(), 0) : "n/a", ours.text("wrk_cpu_pct"),
          broker.isPresent() ? fixed(ours.number("other_cpu_pct") - broker.getAsDouble(), 0) : "n/a",
          ours.text("quiet"), theirs.map(p -> p.text("server_cpu_pct")).orElse("n/a"),
          theirs.map(p -> p.text("wrk_cpu_pct")).orElse("n/a"),
          theirs.map(p -> p.text("other_cpu_pct")).orElse("n/a"),
          theirs.map(p -> p.text("quiet")).orElse("n/a")));
    }
    return table
        + String.format(Locale.ROOT, "%nGoal (Kaka ≥ %.1f× the peer's requests/s in every case, every "
            + "accepted delivery in Kafka before its 202): **%s** (lowest ratio %s×).%n%n",
            GOAL_RATIO, goalMet ? "met" : "missed", fixed(lowestRatio, 2))
        + "Ingress peak resident memory (VmHWM): " + peakIngressRss() + "; peer: " + peakPeerRss()
        + ".\n\nCPU during each measured run, in % of one CPU (" + Runtime.getRuntime()
            .availableProcessors() + " CPUs = " + 100 * Runtime.getRuntime().availableProcessors()
        + " %). Kaka's *other* excludes its broker; above about 10, another job competed for the "
        + "CPUs and the row is contaminated:\n\n"
        + cpu;
  }

  /** Whether the deliveries of one case that Kaka accepted are on the topic. */
  private record Durability(boolean holds, String text) {}

  private Durability durability(DriverResult result, String probe,
      List<PublishedRuns.Run> runs) {
    if (runs.isEmpty()) {
      if (probe.endsWith("queued") || probe.endsWith("attached")) {
        return new Durability(false, "**no**: answered " + probe + ", but nothing is on the topic");
      }
      return new Durability(true, "nothing to publish (answered " + probe + ")");
    }
    PublishedRuns.Run measured = runs.get(runs.size() - 1);
    long answered = result.successes();
    long surplus = measured.records() - answered;
    boolean unique = measured.distinct() == measured.records();
    boolean holds = surplus >= 0 && surplus <= conns + result.abandoned() && unique;
    return new Durability(holds, String.format(Locale.ROOT,
        "%s: %,d records for %,d 202s%s%s", holds ? "yes" : "**no**", measured.records(), answered,
        surplus > 0 ? String.format(Locale.ROOT, " (+%d answered after wrk stopped)", surplus)
            : "", unique ? "" : ", with duplicates"));
  }

  /** {@code status/answer} of each case's probe request, in the order of the cases. */
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
    List<String> peak = lines(work.resolve("ingress-peak-rss.txt"));
    return peak.isEmpty() || peak.get(0).isBlank() ? "n/a"
        : fixed(Double.parseDouble(peak.get(0).trim()) / 1024, 0) + " MiB";
  }

  private String peakPeerRss() {
    for (String line : lines(work.resolve("peer.txt"))) {
      Matcher peak = PEAK_RSS.matcher(line);
      if (peak.find()) {
        return fixed(Double.parseDouble(peak.group(1)) / 1024, 0) + " MiB";
      }
    }
    return "n/a";
  }

  private String raw() {
    return "# Kaka (drive.sh RESULT lines)\n" + String.join("\n", lines(work.resolve("kaka/results.txt")))
        + "\n# peer\n" + String.join("\n", lines(work.resolve("peer/results.txt")))
        + "\n# records on kaka.issue-triggered by wrk run (AcceptedDeliveries)\n"
        + String.join("\n", lines(work.resolve("records.txt")))
        + "\n# the ingress's own count of its answers\n"
        + String.join("\n", lines(work.resolve("webhook-counts.txt"))) + "\n";
  }

  private static String rps(DriverResult result) {
    return String.format(Locale.ROOT, "%,.0f", result.number("rps"));
  }

  private static String latency(DriverResult result) {
    return fixed(result.number("p50_ms"), 1) + " / " + fixed(result.number("p99_ms"), 1);
  }

  private static String fixed(double value, int decimals) {
    return Double.isNaN(value) || Double.isInfinite(value) ? "n/a"
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
