package dev.kaka.common.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Objects;

/** A trusted trigger asked for a task; published by ingress, consumed by workers and the notifier. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IssueTriggered(
    int schemaVersion,
    String taskId,
    String deliveryId,
    RepositoryRef repository,
    IssueRef issue,
    String issueBody,
    Trigger trigger,
    int attempt,
    Instant occurredAt)
    implements TaskEvent {

  public IssueTriggered {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(deliveryId, "deliveryId");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(issue, "issue");
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(occurredAt, "occurredAt");
    issueBody = issueBody == null ? "" : issueBody;
  }
}
