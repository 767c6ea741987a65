package dev.kaka.common.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * The task was stopped on request: a running agent was killed, or a queued task was dropped.
 *
 * @param requester who asked for the cancellation
 * @param budget what the task reserved of the operator's budgets, copied from its trigger; null
 *     when none applies to it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskCancelled(
    int schemaVersion,
    String taskId,
    String deliveryId,
    RepositoryRef repository,
    IssueRef issue,
    int attempt,
    String requester,
    Instant occurredAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) TaskBudget budget)
    implements RunEvent {

  /** A task outside every budget. */
  public TaskCancelled(
      int schemaVersion,
      String taskId,
      String deliveryId,
      RepositoryRef repository,
      IssueRef issue,
      int attempt,
      String requester,
      Instant occurredAt) {
    this(
        schemaVersion, taskId, deliveryId, repository, issue, attempt, requester, occurredAt, null);
  }

  public TaskCancelled {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(deliveryId, "deliveryId");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(issue, "issue");
    Objects.requireNonNull(requester, "requester");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }

  @Override
  public <R> R accept(Handler<R> handler) {
    return handler.taskCancelled(this);
  }
}
