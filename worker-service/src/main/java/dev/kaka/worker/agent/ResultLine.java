package dev.kaka.worker.agent;

import dev.kaka.common.event.AgentReport;
import dev.kaka.common.event.AgentReport.PermissionDenial;
import dev.kaka.common.event.AgentReport.TokenUsage;
import dev.kaka.common.event.AgentReport.Transcript;
import dev.kaka.support.secrets.SecretMasker;
import java.util.List;
import java.util.Locale;

/**
 * The {@code {"type":"result",...}} line that ends a stream-json run of the Claude Code CLI: the
 * only line that says how the run ended. Any field may be missing (null).
 *
 * @param subtype {@code success}, {@code error_max_turns}, {@code error_max_budget_usd}, {@code
 *     error_during_execution}, ...; an API failure ends with {@code success} too, so this alone
 *     does not tell success
 * @param isError whether the agent itself counts the run as failed
 * @param result the agent's final message
 * @param errors what went wrong, where the CLI lists it instead of a final message (max turns,
 *     budget)
 * @param terminalReason {@code completed}, {@code max_turns}, {@code budget_exhausted}, {@code
 *     api_error}, ...
 * @param apiErrorStatus the HTTP status of the API's last error; null when there was none or no
 *     answer at all (connection refused, timeout)
 * @param permissionDenials the tool uses that were refused
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
    String terminalReason,
    Integer apiErrorStatus,
    TokenUsage usage,
    List<PermissionDenial> permissionDenials) {

  ResultLine {
    errors = errors == null ? List.of() : List.copyOf(errors);
    permissionDenials = permissionDenials == null ? List.of() : List.copyOf(permissionDenials);
  }

  /** Only an explicit {@code "is_error":false} counts as no error. */
  boolean reportsError() {
    return !Boolean.FALSE.equals(isError);
  }

  /**
   * Whether the CLI ended before the conversation began because of the session it was to resume:
   * {@code error_during_execution} after no turn, its errors naming the session ("No conversation
   * found with session ID: …" for a missing, empty or unreadable session file, "Failed to resume
   * session: …" for one it could not open). Its other failures, missing credentials and API errors
   * included, come after the conversation began, with at least one turn.
   */
  boolean refusesSession() {
    return is("error_during_execution")
        && Integer.valueOf(0).equals(numTurns)
        && errors.stream().anyMatch(error -> error.toLowerCase(Locale.ROOT).contains("session"));
  }

  boolean is(String subtypeOrReason) {
    return subtypeOrReason.equals(subtype) || subtypeOrReason.equals(terminalReason);
  }

  AgentReport toReport(SecretMasker masker, Transcript transcript) {
    List<PermissionDenial> denials =
        permissionDenials.stream()
            .map(denial -> new PermissionDenial(denial.tool(), masker.mask(denial.target())))
            .toList();
    return new AgentReport(
        masker.mask(result),
        numTurns,
        totalCostUsd,
        durationMs,
        sessionId,
        usage,
        denials,
        transcript);
  }
}
