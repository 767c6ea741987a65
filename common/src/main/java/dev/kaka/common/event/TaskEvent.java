package dev.kaka.common.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * What every event about a task has, whichever topic carries it. Each topic has its own sealed
 * interface: {@link TriggerEvent}, {@link RunEvent} and {@link ControlEvent}; producers, consumers
 * and deserializers use the topic's interface, so a record of another topic's type is refused when
 * it is read instead of reaching a handler.
 *
 * <p>The JSON form carries its record name in {@code type} and the contract version in {@code
 * schemaVersion}, read by the rule of {@link EventVersions}. This interface lists the three topics'
 * interfaces as its subtypes, so any event reads as a {@code TaskEvent} too, for tools that read
 * every topic.
 *
 * <p>All events of one issue share the partition key {@code owner/repo#number}, so they are
 * consumed in order.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(TriggerEvent.class),
  @JsonSubTypes.Type(RunEvent.class),
  @JsonSubTypes.Type(ControlEvent.class)
})
public sealed interface TaskEvent permits TriggerEvent, RunEvent, ControlEvent {

  /**
   * The major version of the contract this code writes, and the newest it reads (see {@link
   * EventVersions}).
   */
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
