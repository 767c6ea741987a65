package dev.kaka.taskstore;

import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A task's transcript in the {@value #COLLECTION} collection: the agent's output in the task's
 * latest attempt that ran it, kept apart from {@link TaskDocument} for its size. Written by the
 * notifier, read by the task API, deleted with its task.
 *
 * @param id the task's id
 * @param attempt the attempt the transcript is of
 * @param repository {@code owner/name}
 * @param issueNumber the task's issue
 * @param lines the stream-json lines the agent printed, one JSON object each, secrets masked
 * @param linesDropped how many earlier lines were left out to cap the size; the tail is kept
 * @param recordedAt when the attempt's outcome happened
 */
@Document(TranscriptDocument.COLLECTION)
public record TranscriptDocument(
    @Id String id,
    Integer attempt,
    String repository,
    Integer issueNumber,
    List<String> lines,
    Integer linesDropped,
    Instant recordedAt) {

  /** The collection's one name. */
  public static final String COLLECTION = "transcripts";
}
