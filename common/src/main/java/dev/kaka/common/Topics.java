package dev.kaka.common;

import dev.kaka.common.event.ControlEvent;
import dev.kaka.common.event.RunEvent;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TriggerEvent;
import java.util.Map;
import java.util.Set;

/**
 * Kafka topic names shared by the services, and the event interface each one carries. Every topic
 * of task events is keyed by {@code owner/repo#number}.
 */
public final class Topics {

  /** {@link TriggerEvent}s: IssueTriggered and TriggerRefused. */
  public static final String ISSUE_TRIGGERED = "kaka.issue-triggered";

  /**
   * {@link RunEvent}s: TaskStarted, TaskProgressed, TaskCompleted, TaskFailed and TaskCancelled.
   */
  public static final String TASK_EVENTS = "kaka.task-events";

  /**
   * {@link ControlEvent}s: CancelRequested. Every worker replica reads all of it (without a
   * consumer group), since any of them may hold the task.
   */
  public static final String TASK_CONTROL = "kaka.task-control";

  /**
   * {@link dev.kaka.common.event.AgentSessionKept}: the agent's session per pull request, for the
   * next run on it to resume. Compacted (the newest session of a branch replaces the older), with a
   * larger message size than the other topics; created by the workers, which alone use it.
   */
  public static final String AGENT_SESSIONS = "kaka.agent-sessions";

  /** What the worker appends to a topic's name to name its dead-letter topic. */
  public static final String WORKER_DEAD_LETTER_SUFFIX = "-worker-dlt";

  /**
   * The triggers the workers gave up on (retries spent, or a record they cannot run), as they were,
   * with the reason in the record's headers. The notifier's janitor reads it to end the tasks those
   * triggers leave running; {@code ./kaka replay-dead-letters} sends them back.
   */
  public static final String ISSUE_TRIGGERED_DEAD_LETTERS =
      ISSUE_TRIGGERED + WORKER_DEAD_LETTER_SUFFIX;

  private static final Map<String, Class<? extends TaskEvent>> EVENTS =
      Map.of(
          ISSUE_TRIGGERED, TriggerEvent.class,
          TASK_EVENTS, RunEvent.class,
          TASK_CONTROL, ControlEvent.class);

  private Topics() {}

  /**
   * The topics of task events, which a deployment creates before the services start; the retry and
   * dead-letter topics named after them are created by the services that write them.
   */
  public static Set<String> eventTopics() {
    return EVENTS.keySet();
  }

  /**
   * The event interface {@code topic} carries; a retry or dead-letter topic, named after its source
   * topic with a hyphen and a suffix, carries its source's.
   *
   * @throws IllegalArgumentException for a topic that carries no task events
   */
  public static Class<? extends TaskEvent> eventsOn(String topic) {
    return EVENTS.entrySet().stream()
        .filter(entry -> topic.equals(entry.getKey()) || topic.startsWith(entry.getKey() + "-"))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(topic + " carries no task events"));
  }
}
