package dev.kaka.ingress.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kaka.taskstore.TaskDocument;
import java.time.Instant;
import java.util.List;

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
    TaskDocument.Agent agent,
    TaskDocument.AgentProgress progress,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    Instant updatedAt) {

  static TaskView of(TaskDocument task) {
    return new TaskView(
        task.id(),
        task.deliveryId(),
        task.repository(),
        task.issueNumber(),
        task.issueTitle(),
        task.issueUrl(),
        task.requester(),
        task.trigger(),
        task.status() == null ? null : task.status().storedName(),
        task.attempt(),
        task.branch(),
        task.headSha(),
        task.filesChanged(),
        task.pullRequestUrl(),
        task.failureKind(),
        task.error(),
        task.cancelledBy(),
        task.retryable(),
        task.agent(),
        task.agentProgress(),
        task.createdAt(),
        task.startedAt(),
        task.finishedAt(),
        task.updatedAt());
  }
}
