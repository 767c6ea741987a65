package dev.kaka.common.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Objects;

/**
 * The task was stopped on request: a running agent was killed, or a queued task was dropped.
 *
 * @param requester who asked for the cancellation
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
    Instant occurredAt)
    implements RunEvent {

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
