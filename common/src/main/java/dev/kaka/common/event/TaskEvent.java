package dev.kaka.common.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * Every event about a task, on either topic. The JSON form carries its record name in {@code type}
 * and the contract version in {@code schemaVersion}; consumers reject versions they do not know.
 *
 * <p>All events of one issue share the partition key {@code owner/repo#number}, so they are
 * consumed in order.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = IssueTriggered.class, name = "IssueTriggered"),
  @JsonSubTypes.Type(value = TaskStarted.class, name = "TaskStarted"),
  @JsonSubTypes.Type(value = TaskCompleted.class, name = "TaskCompleted"),
  @JsonSubTypes.Type(value = TaskFailed.class, name = "TaskFailed"),
  @JsonSubTypes.Type(value = TaskProgressed.class, name = "TaskProgressed"),
  @JsonSubTypes.Type(value = TaskCancelled.class, name = "TaskCancelled"),
  @JsonSubTypes.Type(value = CancelRequested.class, name = "CancelRequested"),
  @JsonSubTypes.Type(value = TriggerRefused.class, name = "TriggerRefused")
})
public sealed interface TaskEvent
    permits IssueTriggered,
        TaskStarted,
        TaskCompleted,
        TaskFailed,
        TaskCancelled,
        CancelRequested,
        TriggerRefused,
        TaskProgressed {

  /** The contract version this code writes and reads. */
  int SCHEMA_VERSION = 1;

  int schemaVersion();

  /** Stable id of the task; the same GitHub delivery always yields the same id. */
  String taskId();

  /**
   * The {@code X-GitHub-Delivery} that started the task, carried for de-duplication and tracing.
   */
  String deliveryId();

  RepositoryRef repository();

  IssueRef issue();

  /** 1 for the first run of a task, incremented by each retry. */
  int attempt();

  Instant occurredAt();

  @JsonIgnore
  default String partitionKey() {
    return partitionKey(repository(), issue().number());
  }

  static String partitionKey(RepositoryRef repository, int issueNumber) {
    return repository.fullName() + "#" + issueNumber;
  }
}
