package dev.kaka.common;

/** Kafka topic names shared by the services. */
public final class Topics {

  /** {@link dev.kaka.common.event.IssueTriggered}, keyed by {@code owner/repo#number}. */
  public static final String ISSUE_TRIGGERED = "kaka.issue-triggered";

  /** TaskStarted, TaskCompleted and TaskFailed, keyed by {@code owner/repo#number}. */
  public static final String TASK_EVENTS = "kaka.task-events";

  private Topics() {}
}
