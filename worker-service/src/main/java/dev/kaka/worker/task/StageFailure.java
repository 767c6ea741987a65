package dev.kaka.worker.task;

import dev.kaka.common.event.AgentReport;
import dev.kaka.common.event.FailureKind;
import dev.kaka.support.github.GitHubAppException;
import dev.kaka.worker.agent.AgentResult;
import dev.kaka.worker.git.ChangeRefusedException;
import dev.kaka.worker.git.GitOperationException;

/**
 * A stage of a task ended it: the failure the task reports. Thrown from a stage to the runner,
 * which publishes it; the kind tells the reader which stage it was.
 */
final class StageFailure extends RuntimeException {

  private final FailureKind kind;
  private final boolean retryable;
  private final transient AgentReport report;

  StageFailure(FailureKind kind, String message, boolean retryable, AgentReport report) {
    // an expected end of a task, not a bug: a stack trace would say nothing
    super(message, null, false, false);
    this.kind = kind;
    this.retryable = retryable;
    this.report = report;
  }

  /** The sandbox, the repository's set-up or the agent failed. */
  static StageFailure of(AgentResult result) {
    return new StageFailure(
        result.failure(), result.message(), result.retryable(), result.report());
  }

  static StageFailure of(ChangeRefusedException e) {
    return new StageFailure(FailureKind.CHANGE_REFUSED, e.getMessage(), false, AgentReport.empty());
  }

  static StageFailure of(GitOperationException e) {
    return new StageFailure(
        FailureKind.GIT_FAILED, e.getMessage(), e.retryable(), AgentReport.empty());
  }

  static StageFailure of(GitHubAppException e) {
    return new StageFailure(
        FailureKind.GITHUB_FAILED, e.getMessage(), e.retryable(), AgentReport.empty());
  }

  /** A failure of Kaka itself; its details go to the log, never to the issue. */
  static StageFailure internal(RuntimeException e) {
    return new StageFailure(
        FailureKind.INTERNAL_ERROR,
        "The worker failed unexpectedly (" + e.getClass().getSimpleName() + ").",
        true,
        AgentReport.empty());
  }

  FailureKind kind() {
    return kind;
  }

  boolean retryable() {
    return retryable;
  }

  AgentReport report() {
    return report;
  }
}
