package dev.kaka.bench.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What {@link AcceptedDeliveries} found on the topic: the records of each wrk run. */
final class PublishedRuns {

  record Run(String id, long records, long distinct, long firstMs, long lastMs) {

    boolean isWrk() {
      return id.matches("[0-9a-f]{8}");
    }
  }

  private final List<Run> runs;

  private PublishedRuns(List<Run> runs) {
    this.runs = runs;
  }

  static PublishedRuns read(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      List<Run> runs =
          lines.stream().filter(line -> line.startsWith("RUN ")).map(PublishedRuns::run).toList();
      return new PublishedRuns(runs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The wrk runs whose first record is in ({@code fromMs}, {@code toMs}], oldest first. */
  List<Run> runsBetween(double fromMs, double toMs) {
    return runs.stream()
        .filter(Run::isWrk)
        .filter(run -> run.firstMs() > fromMs && run.firstMs() <= toMs)
        .toList();
  }

  private static Run run(String line) {
    Map<String, String> fields =
        DriverResult.parse("RESULT " + line.substring(line.indexOf(' ') + 1)).values();
    return new Run(
        fields.get("id"),
        Long.parseLong(fields.get("records")),
        Long.parseLong(fields.get("distinct")),
        Long.parseLong(fields.get("first_ms")),
        Long.parseLong(fields.get("last_ms")));
  }
}
