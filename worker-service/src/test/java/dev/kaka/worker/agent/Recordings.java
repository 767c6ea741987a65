package dev.kaka.worker.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The real CLI's stdout, recorded offline against the fake Messages API: see {@code
 * agent-recordings/README.md}. {@link ClaudeCliTest} writes fresh ones on every run.
 */
final class Recordings {

  /** The workspace the recordings were made in, as their paths name it. */
  static final Path WORKSPACE = Path.of("/workspace/repo");

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
    return observed(name).result();
  }

  /** The recording, fed line by line to a stream observer as the runner does. */
  static StreamObserver observed(String name) {
    StreamObserver observer = new StreamObserver(List.of(WORKSPACE));
    lines(name).forEach(observer::accept);
    return observer;
  }
}
