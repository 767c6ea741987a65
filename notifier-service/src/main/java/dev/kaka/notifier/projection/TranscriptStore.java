package dev.kaka.notifier.projection;

import dev.kaka.common.event.AgentReport;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.support.secrets.SecretMasker;
import dev.kaka.taskstore.TranscriptDocument;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Writes the transcripts ({@link TranscriptDocument}): per task, the agent's output of its latest
 * attempt, as the outcome event carried it, served by {@code GET /api/tasks/{id}/transcript}. The
 * worker already masked secrets and capped the size; this store does both again, since a transcript
 * is what an agent chose to print and MongoDB caps a document at 16 MB.
 */
@Component
public class TranscriptStore {

  /** Far below MongoDB's document limit, far above what the worker sends by default. */
  static final int MAX_CHARS = 1_000_000;

  private final MongoTemplate mongo;
  private final SecretMasker masker;

  public TranscriptStore(MongoTemplate mongo, @Value("${kaka.github.token:}") String githubToken) {
    this.mongo = mongo;
    this.masker = SecretMasker.of(Collections.singletonList(githubToken));
  }

  /**
   * Keeps the transcript of {@code event}'s attempt, unless a later attempt's is already kept. An
   * outcome without a transcript (the agent did not run) leaves the kept one alone.
   */
  public void record(TaskEvent event, AgentReport report) {
    if (report.transcript().lines().isEmpty()) {
      return;
    }
    Deque<String> lines = new ArrayDeque<>();
    long chars = 0;
    for (String line : report.transcript().lines()) {
      String masked = masker.mask(line);
      lines.addLast(masked);
      chars += masked.length();
    }
    int dropped = report.transcript().linesDropped();
    while (lines.size() > 1 && chars > MAX_CHARS) {
      chars -= lines.removeFirst().length();
      dropped++;
    }
    Update update =
        new Update()
            .set("attempt", event.attempt())
            .set("repository", event.repository().fullName())
            .set("issueNumber", event.issue().number())
            .set("lines", List.copyOf(lines))
            .set("linesDropped", dropped)
            .set("recordedAt", event.occurredAt());
    Query sameOrEarlierAttempt =
        Query.query(Criteria.where("_id").is(event.taskId()).and("attempt").lte(event.attempt()));
    try {
      mongo.upsert(sameOrEarlierAttempt, update, TranscriptDocument.class);
    } catch (DuplicateKeyException laterAttemptKept) {
      // A later attempt's transcript is the one to keep.
    }
  }
}
