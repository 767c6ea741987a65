package dev.kaka.common.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * A trusted trigger asked for a task; published by ingress, consumed by workers and the notifier.
 *
 * @param pullRequest set when the task continues a pull request Kaka opened: the worker commits on
 *     its branch and no new pull request is opened; {@code issue} is then the pull request itself
 */
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
    Instant occurredAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) PullRequestRef pullRequest)
    implements TaskEvent {

  /** A task on an issue, not on a pull request. */
  public IssueTriggered(int schemaVersion, String taskId, String deliveryId, RepositoryRef repository,
      IssueRef issue, String issueBody, Trigger trigger, int attempt, Instant occurredAt) {
    this(schemaVersion, taskId, deliveryId, repository, issue, issueBody, trigger, attempt, occurredAt,
        null);
  }

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
