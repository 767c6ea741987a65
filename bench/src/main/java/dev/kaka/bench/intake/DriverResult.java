package dev.kaka.bench.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code RESULT key=value ...} line of the driver ({@code drive.sh}): one case's measured run
 * against one server.
 */
record DriverResult(Map<String, String> values) {

  static List<DriverResult> readAll(Path resultsFile) {
    try {
      return Files.readAllLines(resultsFile).stream()
          .filter(line -> line.startsWith("RESULT "))
          .map(DriverResult::parse)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static DriverResult parse(String line) {
    Map<String, String> values = new HashMap<>();
    for (String field : line.substring("RESULT ".length()).split(" ")) {
      int equals = field.indexOf('=');
      if (equals > 0) {
        values.put(field.substring(0, equals), field.substring(equals + 1));
      }
    }
    return new DriverResult(values);
  }

  /** {@code label/mode}, which names a case in both servers' results. */
  String caseName() {
    return text("label") + "/" + text("mode");
  }

  String text(String key) {
    return values.getOrDefault(key, "na");
  }

  /** The figure, or NaN when the driver could not measure it. */
  double number(String key) {
    try {
      return Double.parseDouble(values.getOrDefault(key, "na"));
    } catch (NumberFormatException notMeasured) {
      return Double.NaN;
    }
  }

  /** Answers wrk counted that were not errors: 2xx (and 3xx, which neither server sends). */
  long successes() {
    return (long) (number("requests") - number("non2xx"));
  }

  /** Requests wrk gave up on; the server may still have handled them. */
  long abandoned() {
    return (long) (number("sock_timeout") + number("sock_read"));
  }
}
