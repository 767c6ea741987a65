package dev.kaka.taskstore;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where a task stands, as the notifier projects it from the task's newest event. Stored, filtered
 * on and shown by the task API under its {@link #storedName()}.
 */
public enum TaskStatus {
  /** Triggered; no worker has started it yet. */
  QUEUED("queued"),
  /** A worker runs it. */
  RUNNING("running"),
  /** Ended with a pushed change. */
  COMPLETED("completed"),
  /** Ended without a change. */
  FAILED("failed"),
  /** Stopped on request. */
  CANCELLED("cancelled");

  private final String storedName;

  TaskStatus(String storedName) {
    this.storedName = storedName;
  }

  /** The name in MongoDB and in the task API, e.g. {@code queued}. */
  public String storedName() {
    return storedName;
  }

  /** Queued or running: the task in progress, which a new trigger joins. */
  public boolean isActive() {
    return this == QUEUED || this == RUNNING;
  }

  /** Completed, failed or cancelled: nothing runs it until it is triggered again. */
  public boolean isFinished() {
    return !isActive();
  }

  /** The status stored as {@code storedName}, empty for a name no status has. */
  public static Optional<TaskStatus> byStoredName(String storedName) {
    return Arrays.stream(values()).filter(s -> s.storedName.equals(storedName)).findFirst();
  }

  /** Every status's stored name, in declaration order. */
  public static List<String> storedNames() {
    return Arrays.stream(values()).map(TaskStatus::storedName).toList();
  }

  public static List<TaskStatus> active() {
    return Arrays.stream(values()).filter(TaskStatus::isActive).toList();
  }

  public static List<TaskStatus> finished() {
    return Arrays.stream(values()).filter(TaskStatus::isFinished).toList();
  }
}
