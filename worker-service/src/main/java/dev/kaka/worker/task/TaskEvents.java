package dev.kaka.worker.task;

import dev.kaka.common.event.AgentReport;
import dev.kaka.common.event.FailureKind;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.TaskCancelled;
import dev.kaka.common.event.TaskCompleted;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TaskFailed;
import dev.kaka.common.event.TaskProgressed;
import dev.kaka.common.event.TaskStarted;
import dev.kaka.support.secrets.SecretMasker;
import dev.kaka.worker.agent.AgentProgress;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

/** The events this worker publishes about a task, each stamped with the worker's clock. */
final class TaskEvents {

  private static final String PROMPT_CUT = "\n[… %d characters left out]";

  private final String worker;
  private final Clock clock;

  /**
   * @param worker the worker's name, which a started task carries
   */
  TaskEvents(String worker, Clock clock) {
    this.worker = worker;
    this.clock = clock;
  }

  TaskStarted started(TaskRun run) {
    IssueTriggered task = run.task();
    return new TaskStarted(
        TaskEvent.SCHEMA_VERSION,
        task.taskId(),
        task.deliveryId(),
        task.repository(),
        task.issue(),
        task.attempt(),
        run.branch(),
        worker,
        clock.instant(),
        prompt(run),
        AppliedSettings.of(run));
  }

  /**
   * The prompt for the audit: what looks like a secret masked (the issue's text is anyone's), and
   * its head kept within the event's cap, where the issue and the instructions are.
   */
  private static String prompt(TaskRun run) {
    String prompt = SecretMasker.shapesOnly().mask(run.prompt());
    if (prompt.length() <= TaskStarted.MAX_PROMPT_CHARS) {
      return prompt;
    }
    // room for the note, whose count has at most as many digits as the prompt's length
    int kept =
        TaskStarted.MAX_PROMPT_CHARS
            - PROMPT_CUT.length()
            - String.valueOf(prompt.length()).length();
    return prompt.substring(0, kept)
        + String.format(Locale.ROOT, PROMPT_CUT, prompt.length() - kept);
  }

  TaskProgressed progressed(IssueTriggered task, AgentProgress progress) {
    return new TaskProgressed(
        TaskEvent.SCHEMA_VERSION,
        task.taskId(),
        task.deliveryId(),
        task.repository(),
        task.issue(),
        task.attempt(),
        progress.turns(),
        progress.currentTool(),
        progress.filesTouched(),
        clock.instant());
  }

  TaskCompleted completed(TaskRun run, String commit, List<String> files, AgentReport report) {
    IssueTriggered task = run.task();
    // the settings go along: the notifier opens the pull request as they say; the pull request a
    // follow-up continued goes along too, so that the notifier does not ask GitHub to open it again
    return new TaskCompleted(
        TaskEvent.SCHEMA_VERSION,
        task.taskId(),
        task.deliveryId(),
        task.repository(),
        task.issue(),
        task.trigger().requester(),
        task.attempt(),
        run.branch(),
        run.plan().baseBranch(),
        commit,
        files,
        report,
        clock.instant(),
        task.settings(),
        AppliedSettings.of(run),
        task.budget(),
        task.pullRequest());
  }

  /** A task that was not run, for a reason running it again does not change. */
  TaskFailed notRun(IssueTriggered task, FailureKind kind, String message) {
    return failed(task, new StageFailure(kind, message, false, AgentReport.empty()));
  }

  TaskFailed failed(IssueTriggered task, StageFailure failure) {
    // no retry promised yet: the runner says how far the automatic retries go
    return new TaskFailed(
        TaskEvent.SCHEMA_VERSION,
        task.taskId(),
        task.deliveryId(),
        task.repository(),
        task.issue(),
        task.attempt(),
        failure.kind(),
        failure.getMessage(),
        failure.retryable(),
        task.attempt(),
        failure.report(),
        clock.instant(),
        task.budget());
  }

  TaskCancelled cancelled(IssueTriggered task, String requester) {
    return new TaskCancelled(
        TaskEvent.SCHEMA_VERSION,
        task.taskId(),
        task.deliveryId(),
        task.repository(),
        task.issue(),
        task.attempt(),
        requester,
        clock.instant(),
        task.budget());
  }
}
