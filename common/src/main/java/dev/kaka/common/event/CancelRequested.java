package dev.kaka.common.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Objects;

/**
 * Someone asked to stop a task. Published on the control topic, which every worker replica reads
 * (all of it that is younger than {@code kaka.worker.max-trigger-age}), so the replica running the
 * task stops it wherever it is.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CancelRequested(
    int schemaVersion,
    String taskId,
    String deliveryId,
    RepositoryRef repository,
    IssueRef issue,
    int attempt,
    String requester,
    Instant occurredAt)
    implements ControlEvent {

  public CancelRequested {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(deliveryId, "deliveryId");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(issue, "issue");
    Objects.requireNonNull(requester, "requester");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }

  @Override
  public <R> R accept(Handler<R> handler) {
    return handler.cancelRequested(this);
  }
}
