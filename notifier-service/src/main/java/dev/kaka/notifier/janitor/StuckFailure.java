package dev.kaka.notifier.janitor;

import dev.kaka.common.event.AgentReport;
import dev.kaka.common.event.FailureKind;
import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TaskFailed;
import dev.kaka.support.time.DurationText;
import dev.kaka.taskstore.TaskDocument;
import dev.kaka.taskstore.TaskStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * The {@link TaskFailed} that ends a stuck task: the event a worker would have written for the
 * task's current attempt, so that it ranks above the attempt's start and below any later attempt,
 * and a repeat of it changes nothing.
 */
final class StuckFailure {

  private StuckFailure() {}

  /** Ends a task that has been running for {@code longestRun} or longer, as of {@code now}. */
  static TaskFailed runningTooLong(TaskDocument task, Duration longestRun, Instant now) {
    return failed(
        task,
        "The task was still running "
            + DurationText.of(Duration.between(task.startedAt(), now))
            + " after a worker started it, longer than any run may take ("
            + DurationText.of(longestRun)
            + "), and no worker reported how it ended.",
        now);
  }

  /**
   * Ends a queued or running task whose current attempt's trigger a worker dead-lettered for {@code
   * why}.
   */
  static TaskFailed deadLettered(TaskDocument task, String why, Instant now) {
    return failed(
        task,
        "A worker gave up on the task "
            + (task.status() == TaskStatus.RUNNING ? "after" : "before")
            + " it started (attempt "
            + attempt(task)
            + ": "
            + why
            + ") and parked it among its dead letters, so no worker will report how it ended.",
        now);
  }

  private static TaskFailed failed(TaskDocument task, String message, Instant now) {
    int attempt = attempt(task);
    return new TaskFailed(
        TaskEvent.SCHEMA_VERSION,
        task.id(),
        task.deliveryId(),
        repository(task),
        new IssueRef(task.issueNumber(), task.issueTitle(), task.issueUrl()),
        attempt,
        FailureKind.STUCK,
        message,
        // running it again needs no change, but nobody retries it by itself
        true,
        attempt,
        AgentReport.empty(),
        now);
  }

  private static int attempt(TaskDocument task) {
    return task.attempt() == null ? 1 : task.attempt();
  }

  private static RepositoryRef repository(TaskDocument task) {
    TaskDocument.Source source = task.source();
    if (source == null) {
      // the trigger was never projected: the repository's name is all a failure needs
      String[] ownerAndName = task.repository().split("/", 2);
      return new RepositoryRef(ownerAndName[0], ownerAndName[1], "", "");
    }
    return new RepositoryRef(
        source.owner(), source.name(), source.cloneUrl(), source.defaultBranch());
  }
}
