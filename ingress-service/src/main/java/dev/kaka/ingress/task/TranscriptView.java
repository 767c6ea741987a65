package dev.kaka.ingress.task;

import dev.kaka.taskstore.TranscriptDocument;
import java.time.Instant;
import java.util.List;

/**
 * The agent's output for a task's latest attempt that ran it, as the notifier keeps it.
 *
 * @param lines the stream-json lines the agent printed, one JSON object each, secrets masked
 * @param linesDropped how many earlier lines were left out to cap the size; the tail is kept
 */
record TranscriptView(
    String taskId, int attempt, List<String> lines, int linesDropped, Instant recordedAt) {

  static TranscriptView of(TranscriptDocument transcript) {
    return new TranscriptView(
        transcript.id(),
        transcript.attempt() == null ? 0 : transcript.attempt(),
        transcript.lines() == null ? List.of() : transcript.lines(),
        transcript.linesDropped() == null ? 0 : transcript.linesDropped(),
        transcript.recordedAt());
  }
}
