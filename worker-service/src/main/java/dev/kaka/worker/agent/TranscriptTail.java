package dev.kaka.worker.agent;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The last lines of a stream, bounded in count and length: an agent can print without end, and what
 * explains how a run ended is usually at its end. Written by a reader thread, read by the runner.
 */
final class TranscriptTail {

  private static final String CUT = "…[cut]";

  private final int maxLines;
  private final int maxLineLength;
  private final Deque<String> lines = new ArrayDeque<>();

  TranscriptTail(int maxLines, int maxLineLength) {
    this.maxLines = maxLines;
    this.maxLineLength = maxLineLength;
  }

  synchronized void add(String line) {
    if (lines.size() == maxLines) {
      lines.removeFirst();
    }
    lines.addLast(
        line.length() > maxLineLength ? line.substring(0, maxLineLength) + CUT : line);
  }

  synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  synchronized Optional<String> last() {
    return Optional.ofNullable(lines.peekLast());
  }
}
