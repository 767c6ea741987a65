package dev.kaka.ingress.task;

import java.time.Instant;
import java.util.List;
import org.bson.Document;

/**
 * The agent's output for a task's latest attempt that ran it, as the notifier keeps it.
 *
 * @param lines the stream-json lines the agent printed, one JSON object each, secrets masked
 * @param linesDropped how many earlier lines were left out to cap the size; the tail is kept
 */
record TranscriptView(
    String taskId, int attempt, List<String> lines, int linesDropped, Instant recordedAt) {

  static TranscriptView of(Document doc) {
    var recorded = doc.getDate("recordedAt");
    return new TranscriptView(
        doc.getString("_id"),
        doc.get("attempt", 0),
        doc.getList("lines", String.class, List.of()),
        doc.get("linesDropped", 0),
        recorded == null ? null : recorded.toInstant());
  }
}
