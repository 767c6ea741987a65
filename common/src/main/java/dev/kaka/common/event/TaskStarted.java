package dev.kaka.common.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * A worker took the task and is about to prepare the workspace and run the agent.
 *
 * @param prompt what the agent is told, secrets masked, at most {@value #MAX_PROMPT_CHARS}
 *     characters (the rest is left out and said so); null in events written before it existed. The
 *     prompt travels here, not with the outcome, so that it never shares an event with the
 *     transcript and the event stays far below Kafka's message size limit
 * @param settings the settings the run applies; null in events written before it existed
 */
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
    Instant occurredAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) String prompt,
    @JsonInclude(JsonInclude.Include.NON_NULL) RunSettings settings)
    implements RunEvent {

  /** The longest prompt an event carries. */
  public static final int MAX_PROMPT_CHARS = 100_000;

  /** A start that tells neither prompt nor settings. */
  public TaskStarted(
      int schemaVersion,
      String taskId,
      String deliveryId,
      RepositoryRef repository,
      IssueRef issue,
      int attempt,
      String branch,
      String worker,
      Instant occurredAt) {
    this(
        schemaVersion,
        taskId,
        deliveryId,
        repository,
        issue,
        attempt,
        branch,
        worker,
        occurredAt,
        null,
        null);
  }

  public TaskStarted {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(deliveryId, "deliveryId");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(issue, "issue");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(worker, "worker");
    Objects.requireNonNull(occurredAt, "occurredAt");
    if (prompt != null && prompt.length() > MAX_PROMPT_CHARS) {
      throw new IllegalArgumentException(
          "A prompt of " + prompt.length() + " characters is over " + MAX_PROMPT_CHARS);
    }
  }

  @Override
  public <R> R accept(Handler<R> handler) {
    return handler.taskStarted(this);
  }
}
