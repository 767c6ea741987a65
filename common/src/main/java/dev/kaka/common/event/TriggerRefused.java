package dev.kaka.common.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Objects;

/**
 * A trigger that Kaka will not act on, for instance from someone not trusted to start tasks. No
 * task exists; the notifier tells the requester why, once. {@code taskId} names the refusal.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TriggerRefused(
    int schemaVersion,
    String taskId,
    String deliveryId,
    RepositoryRef repository,
    IssueRef issue,
    int attempt,
    String requester,
    String reason,
    Instant occurredAt)
    implements TriggerEvent {

  public TriggerRefused {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(deliveryId, "deliveryId");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(issue, "issue");
    Objects.requireNonNull(requester, "requester");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }

  @Override
  public <R> R accept(Handler<R> handler) {
    return handler.triggerRefused(this);
  }
}
