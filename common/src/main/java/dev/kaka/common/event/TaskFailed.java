package dev.kaka.common.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Objects;

/**
 * The task ended without a change to propose.
 *
 * @param message what went wrong, in words a maintainer can act on; never contains a secret
 * @param retryable whether running the same task again may succeed without anyone changing anything
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskFailed(
    int schemaVersion,
    String taskId,
    String deliveryId,
    RepositoryRef repository,
    IssueRef issue,
    int attempt,
    FailureKind failure,
    String message,
    boolean retryable,
    AgentReport agent,
    Instant occurredAt)
    implements TaskEvent {

  public TaskFailed {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(deliveryId, "deliveryId");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(issue, "issue");
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(occurredAt, "occurredAt");
    agent = agent == null ? AgentReport.empty() : agent;
  }
}
