package dev.kaka.worker.agent;

import dev.kaka.common.event.AgentReport;
import dev.kaka.common.event.FailureKind;
import java.util.Objects;

/**
 * How a run of the agent ended.
 *
 * @param outcome whether the agent did its work
 * @param failure why it did not, as the task reports it; null exactly when the outcome is {@link
 *     Outcome#SUCCEEDED}
 * @param reason why the run ended, for logs: the agent's own {@code terminal_reason} (such as
 *     {@code completed}, {@code max_turns}, {@code api_error}) or, where it gave none, its result
 *     {@code subtype}; when the agent reported no result, one of the {@code REASON_} constants
 * @param message one sentence a repository maintainer can act on, free of secrets
 * @param retryable whether running the task again unchanged may succeed (an API outage, a worker
 *     shut down mid-run)
 * @param report what the agent reported about itself, with the tail of its output; empty figures
 *     when it reported nothing
 * @param session the CLI's session as the run left it, for the next run on the pull request
 */
public record AgentResult(
    Outcome outcome,
    FailureKind failure,
    String reason,
    String message,
    boolean retryable,
    AgentReport report,
    AgentSession session) {

  /** The agent ran past its timeout and was stopped. */
  public static final String REASON_TIMED_OUT = "timed_out";

  /** The agent's process could not be started. */
  public static final String REASON_NOT_STARTED = "not_started";

  /** The agent's process ended without printing a result. */
  public static final String REASON_NO_RESULT = "no_result";

  /** The agent's result line named neither a terminal reason nor a subtype. */
  public static final String REASON_UNSPECIFIED = "unspecified";

  /** The worker was stopped while the agent ran, and stopped the agent too. */
  public static final String REASON_INTERRUPTED = "interrupted";

  /** A set-up command failed before the agent started. */
  public static final String REASON_SETUP_FAILED = "setup_failed";

  /** The worker failed while running the agent. */
  public static final String REASON_WORKER_ERROR = "worker_error";

  /**
   * The session the run was to continue could not be: its file could not be put in place, or the
   * CLI refused it before the conversation began. Nothing was done; a run without it may succeed.
   */
  public static final String REASON_SESSION_REFUSED = "session_refused";

  public enum Outcome {
    /** The agent exited with code 0 and reported no error. It may still have changed nothing. */
    SUCCEEDED,
    FAILED,
    TIMED_OUT
  }

  public AgentResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    if ((outcome == Outcome.SUCCEEDED) != (failure == null)) {
      throw new IllegalArgumentException(outcome + " with failure " + failure);
    }
    report = report == null ? AgentReport.empty() : report;
    session = session == null ? AgentSession.none() : session;
  }

  /** A result that leaves no session. */
  public AgentResult(
      Outcome outcome,
      FailureKind failure,
      String reason,
      String message,
      boolean retryable,
      AgentReport report) {
    this(outcome, failure, reason, message, retryable, report, null);
  }

  /** Whether the run did nothing because the session it was to continue could not be resumed. */
  public boolean sessionRefused() {
    return REASON_SESSION_REFUSED.equals(reason);
  }

  /** The same result, leaving {@code left}. */
  AgentResult withSession(AgentSession left) {
    return new AgentResult(outcome, failure, reason, message, retryable, report, left);
  }

  /** The same result, its report naming the hosts the sandbox refused. */
  AgentResult withBlockedHosts(java.util.List<String> hosts) {
    return hosts.isEmpty()
        ? this
        : new AgentResult(
            outcome, failure, reason, message, retryable, report.withBlockedHosts(hosts), session);
  }

  static AgentResult succeeded(String reason, String message, AgentReport report) {
    return new AgentResult(Outcome.SUCCEEDED, null, reason, message, false, report);
  }

  static AgentResult failed(
      FailureKind failure, String reason, String message, boolean retryable, AgentReport report) {
    Outcome outcome = failure == FailureKind.AGENT_TIMED_OUT ? Outcome.TIMED_OUT : Outcome.FAILED;
    return new AgentResult(outcome, failure, reason, message, retryable, report);
  }
}
