package dev.kaka.worker.agent;

import dev.kaka.common.event.AgentReport.Transcript;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The last lines of a stream, bounded in count, in length per line and in length overall: an agent
 * can print without end, and what explains how a run ended is usually at its end. Written by a
 * reader thread, read by the runner.
 */
final class TranscriptTail {

  private static final String CUT = "…[cut]";

  private final int maxLines;
  private final int maxLineLength;
  private final int maxChars;
  private final Deque<String> lines = new ArrayDeque<>();
  private long chars;
  private int dropped;

  TranscriptTail(int maxLines, int maxLineLength, int maxChars) {
    this.maxLines = maxLines;
    this.maxLineLength = maxLineLength;
    this.maxChars = maxChars;
  }

  synchronized void add(String line) {
    String kept = line.length() > maxLineLength ? line.substring(0, maxLineLength) + CUT : line;
    lines.addLast(kept);
    chars += kept.length();
    // The newest line always stays, even alone over maxChars: it is the one most likely to matter.
    while (lines.size() > 1 && (lines.size() > maxLines || chars > maxChars)) {
      chars -= lines.removeFirst().length();
      dropped++;
    }
  }

  synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  synchronized Transcript transcript() {
    return new Transcript(List.copyOf(lines), dropped);
  }

  synchronized Optional<String> last() {
    return Optional.ofNullable(lines.peekLast());
  }
}
