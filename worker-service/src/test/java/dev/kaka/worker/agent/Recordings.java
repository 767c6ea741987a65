package dev.kaka.worker.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** The real CLI's stdout, recorded offline: see {@code agent-recordings/README.md}. */
final class Recordings {

  private Recordings() {}

  static List<String> lines(String name) {
    try (InputStream in = Recordings.class.getResourceAsStream("/agent-recordings/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("No recording " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The recording's last result line, as the parser reads it. */
  static Optional<ResultLine> result(String name) {
    StreamJsonParser parser = new StreamJsonParser();
    return lines(name).stream()
        .flatMap(line -> parser.result(line).stream())
        .reduce((first, second) -> second);
  }
}
