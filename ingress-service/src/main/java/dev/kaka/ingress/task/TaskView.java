package dev.kaka.ingress.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/** A task as the API shows it, read from the status projection the notifier writes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record TaskView(
    String id,
    String deliveryId,
    String repository,
    Integer issueNumber,
    String issueTitle,
    String issueUrl,
    String requester,
    String trigger,
    String status,
    Integer attempt,
    String branch,
    String headSha,
    List<String> filesChanged,
    String pullRequestUrl,
    String failureKind,
    String error,
    String cancelledBy,
    Boolean retryable,
    Map<String, Object> agent,
    Map<String, Object> progress,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    Instant updatedAt) {

  @SuppressWarnings("unchecked")
  static TaskView of(Document doc) {
    return new TaskView(
        doc.getString("_id"),
        doc.getString("deliveryId"),
        doc.getString("repository"),
        doc.getInteger("issueNumber"),
        doc.getString("issueTitle"),
        doc.getString("issueUrl"),
        doc.getString("requester"),
        doc.getString("trigger"),
        doc.getString("status"),
        doc.getInteger("attempt"),
        doc.getString("branch"),
        doc.getString("headSha"),
        doc.getList("filesChanged", String.class),
        doc.getString("pullRequestUrl"),
        doc.getString("failureKind"),
        doc.getString("error"),
        doc.getString("cancelledBy"),
        doc.getBoolean("retryable"),
        (Map<String, Object>) doc.get("agent", Document.class),
        withInstants(doc.get("agentProgress", Document.class)),
        instant(doc, "createdAt"),
        instant(doc, "startedAt"),
        instant(doc, "finishedAt"),
        instant(doc, "updatedAt"));
  }

  /** The sub-document with its dates as instants, so that they read like the task's own. */
  private static Map<String, Object> withInstants(Document doc) {
    if (doc == null) {
      return null;
    }
    Map<String, Object> values = new LinkedHashMap<>();
    doc.forEach(
        (key, value) -> values.put(key, value instanceof Date date ? date.toInstant() : value));
    return values;
  }

  private static Instant instant(Document doc, String key) {
    var date = doc.getDate(key);
    return date == null ? null : date.toInstant();
  }
}
