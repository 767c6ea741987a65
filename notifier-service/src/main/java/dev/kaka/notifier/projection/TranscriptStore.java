package dev.kaka.notifier.projection;

import dev.kaka.common.event.AgentReport;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.taskstore.TranscriptDocument;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;
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

  private static final String MASK = "***";
  private static final int MIN_SECRET_LENGTH = 8;
  private static final List<Pattern> SECRET_SHAPES =
      List.of(
          Pattern.compile("sk-ant-[A-Za-z0-9_-]{8,}"),
          Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{20,}"),
          Pattern.compile("\\bgithub_pat_[A-Za-z0-9_]{20,}"));
  private static final Pattern BEARER =
      Pattern.compile("(?i)\\b(bearer)(\\s+)[A-Za-z0-9._~+/=-]{16,}");
  private static final Pattern URL_USER_INFO =
      Pattern.compile("\\b([a-zA-Z][a-zA-Z0-9+.-]*://)[^/\\s\"'@]+@");

  private final MongoTemplate mongo;
  private final String githubToken;

  public TranscriptStore(MongoTemplate mongo, @Value("${kaka.github.token:}") String githubToken) {
    this.mongo = mongo;
    this.githubToken = githubToken == null ? "" : githubToken.strip();
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
      String masked = mask(line);
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

  String mask(String line) {
    String masked = line;
    if (githubToken.length() >= MIN_SECRET_LENGTH) {
      masked = masked.replace(githubToken, MASK);
    }
    for (Pattern shape : SECRET_SHAPES) {
      masked = shape.matcher(masked).replaceAll(MASK);
    }
    masked = BEARER.matcher(masked).replaceAll("$1$2" + MASK);
    return URL_USER_INFO.matcher(masked).replaceAll("$1" + MASK + "@");
  }
}
