package dev.kaka.notifier.janitor;

import dev.kaka.common.event.AgentReport;
import dev.kaka.common.event.FailureKind;
import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TaskFailed;
import dev.kaka.taskstore.TaskDocument;
import java.time.Duration;
import java.time.Instant;

/**
 * The {@link TaskFailed} that ends a stuck task: the event a worker would have written for the
 * task's current attempt, so that it ranks above the attempt's start and below any later attempt,
 * and a repeat of it changes nothing.
 */
final class StuckFailure {

  private StuckFailure() {}

  static TaskFailed of(TaskDocument task, Duration longestRun, Instant now) {
    int attempt = task.attempt() == null ? 1 : task.attempt();
    return new TaskFailed(
        TaskEvent.SCHEMA_VERSION,
        task.id(),
        task.deliveryId(),
        repository(task),
        new IssueRef(task.issueNumber(), task.issueTitle(), task.issueUrl()),
        attempt,
        FailureKind.STUCK,
        message(Duration.between(task.startedAt(), now), longestRun),
        // running it again needs no change, but nobody retries it by itself
        true,
        attempt,
        AgentReport.empty(),
        now);
  }

  private static String message(Duration running, Duration longestRun) {
    return "The task was still running "
        + words(running)
        + " after a worker started it, longer than any run may take ("
        + words(longestRun)
        + "), and no worker reported how it ended.";
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

  private static String words(Duration duration) {
    if (duration.toHours() > 0) {
      int minutes = duration.toMinutesPart();
      return duration.toHours() + " h" + (minutes > 0 ? " " + minutes + " min" : "");
    }
    if (duration.toMinutes() > 0) {
      return duration.toMinutes() + " min";
    }
    return duration.toSeconds() + " s";
  }
}
