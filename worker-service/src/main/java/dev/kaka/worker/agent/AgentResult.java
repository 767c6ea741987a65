package dev.kaka.worker.agent;

import dev.kaka.common.event.AgentReport;
import java.util.List;
import java.util.Objects;

/**
 * How a run of the agent ended.
 *
 * @param outcome whether the agent did its work
 * @param reason why the run ended, to tell failures apart: the agent's own {@code terminal_reason}
 *     (such as {@code completed}, {@code max_turns}, {@code api_error}) or, where it gave none, its
 *     result {@code subtype} (such as {@code error_max_budget_usd}); when the agent reported no
 *     result, one of the {@code REASON_} constants
 * @param message one sentence a repository maintainer can act on
 * @param report what the agent reported about itself; empty when it reported nothing
 * @param transcript the last lines the agent printed on stdout (stream-json: one JSON object each),
 *     capped in count and length
 */
public record AgentResult(
    Outcome outcome, String reason, String message, AgentReport report, List<String> transcript) {

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

  /** The worker failed while running the agent. */
  public static final String REASON_WORKER_ERROR = "worker_error";

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
    report = report == null ? AgentReport.empty() : report;
    transcript = List.copyOf(transcript);
  }
}
