package dev.kaka.worker.agent;

import dev.kaka.common.event.AgentReport;
import java.util.List;

/**
 * The {@code {"type":"result",...}} line that ends a stream-json run of the Claude Code CLI: the
 * only line that says how the run ended. Any field may be missing (null).
 *
 * @param subtype {@code success}, {@code error_max_turns}, {@code error_during_execution}, ...;
 *     an API failure ends with {@code success} too, so this alone does not tell success
 * @param isError whether the agent itself counts the run as failed
 * @param result the agent's final message
 * @param errors what went wrong, where the CLI lists it instead of a final message (max turns)
 */
record ResultLine(
    String subtype,
    Boolean isError,
    String result,
    List<String> errors,
    Integer numTurns,
    Double totalCostUsd,
    Long durationMs,
    String sessionId,
    String terminalReason) {

  ResultLine {
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  /** Only an explicit {@code "is_error":false} counts as no error. */
  boolean reportsError() {
    return !Boolean.FALSE.equals(isError);
  }

  AgentReport toReport() {
    return new AgentReport(result, numTurns, totalCostUsd, durationMs, sessionId);
  }
}
