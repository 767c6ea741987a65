package dev.kaka.common;

/** Kafka topic names shared by the services. */
public final class Topics {

  /**
   * {@link dev.kaka.common.event.IssueTriggered} and {@link dev.kaka.common.event.TriggerRefused},
   * keyed by {@code owner/repo#number}.
   */
  public static final String ISSUE_TRIGGERED = "kaka.issue-triggered";

  /**
   * TaskStarted, TaskProgressed, TaskCompleted, TaskFailed and TaskCancelled, keyed by {@code
   * owner/repo#number}.
   */
  public static final String TASK_EVENTS = "kaka.task-events";

  /**
   * {@link dev.kaka.common.event.CancelRequested}, keyed by {@code owner/repo#number}. Every worker
   * replica reads all of it (a consumer group of its own), since any of them may hold the task.
   */
  public static final String TASK_CONTROL = "kaka.task-control";

  private Topics() {}
}
