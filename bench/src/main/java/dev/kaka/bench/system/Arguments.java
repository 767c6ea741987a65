package dev.kaka.bench.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A harness's command line, {@code --name=value} options: the scripts in {@code bench/} pass their
 * settings this way, and a harness writes its markdown report to {@code --report}.
 */
public final class Arguments {

  private final Map<String, String> options;

  private Arguments(Map<String, String> options) {
    this.options = options;
  }

  public static Arguments parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      int equals = arg.indexOf('=');
      if (!arg.startsWith("--") || equals < 0) {
        throw new IllegalArgumentException("expected --name=value, got " + arg);
      }
      options.put(arg.substring(2, equals), arg.substring(equals + 1));
    }
    return new Arguments(options);
  }

  public int integer(String name, int defaultValue) {
    String value = options.get(name);
    return value == null || value.isBlank() ? defaultValue : Integer.parseInt(value.strip());
  }

  /** Words separated by blanks, such as a command's flags; none when the option is not given. */
  public List<String> words(String name) {
    String value = options.get(name);
    return value == null || value.isBlank() ? List.of() : List.of(value.strip().split("\\s+"));
  }

  /** A comma-separated list of integers, {@code 1,2,4}. */
  public List<Integer> integers(String name, List<Integer> defaultValue) {
    String value = options.get(name);
    return value == null || value.isBlank()
        ? defaultValue
        : Arrays.stream(value.split(",")).map(String::strip).map(Integer::valueOf).toList();
  }

  public Path path(String name) {
    String value = options.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return Path.of(value).toAbsolutePath();
  }

  /**
   * Writes the report for the results file: {@code markdown}, then {@code raw} figures verbatim in
   * a code block.
   */
  public void writeReport(String markdown, String raw) {
    String report = markdown + "\nRaw figures:\n\n```\n" + raw + "```\n";
    try {
      Files.writeString(path("report"), report);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
