package dev.kaka.common.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Objects;

/** A worker took the task and is about to prepare the workspace and run the agent. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskStarted(
    int schemaVersion,
    String taskId,
    String deliveryId,
    RepositoryRef repository,
    IssueRef issue,
    int attempt,
    String branch,
    String worker,
    Instant occurredAt)
    implements RunEvent {

  public TaskStarted {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(deliveryId, "deliveryId");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(issue, "issue");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(worker, "worker");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }

  @Override
  public <R> R accept(Handler<R> handler) {
    return handler.taskStarted(this);
  }
}
