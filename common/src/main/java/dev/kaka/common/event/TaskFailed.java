package dev.kaka.common.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.time.Instant;
import java.util.Objects;

/**
 * The task ended without a change to propose.
 *
 * @param message what went wrong, in words a maintainer can act on; never contains a secret
 * @param retryable whether running the same task again may succeed without anyone changing anything
 * @param maxAttempts the attempt up to which the worker runs a retryable failure again by itself; 0
 *     in events written before it existed, which promise no retry
 * @param budget what the task reserved of the operator's budgets, copied from its trigger; null
 *     when none applies to it
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
    @JsonSetter(nulls = Nulls.AS_EMPTY) int maxAttempts,
    AgentReport agent,
    Instant occurredAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) TaskBudget budget)
    implements RunEvent {

  /** A task outside every budget. */
  public TaskFailed(
      int schemaVersion,
      String taskId,
      String deliveryId,
      RepositoryRef repository,
      IssueRef issue,
      int attempt,
      FailureKind failure,
      String message,
      boolean retryable,
      int maxAttempts,
      AgentReport agent,
      Instant occurredAt) {
    this(
        schemaVersion,
        taskId,
        deliveryId,
        repository,
        issue,
        attempt,
        failure,
        message,
        retryable,
        maxAttempts,
        agent,
        occurredAt,
        null);
  }

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

  /** Whether the worker runs the task again by itself, as attempt {@code attempt + 1}. */
  @JsonIgnore
  public boolean willRetry() {
    return retryable && attempt < maxAttempts;
  }

  /** The same failure, retried by the worker up to attempt {@code last}. */
  public TaskFailed withMaxAttempts(int last) {
    return new TaskFailed(
        schemaVersion,
        taskId,
        deliveryId,
        repository,
        issue,
        attempt,
        failure,
        message,
        retryable,
        last,
        agent,
        occurredAt,
        budget);
  }

  @Override
  public <R> R accept(Handler<R> handler) {
    return handler.taskFailed(this);
  }
}
