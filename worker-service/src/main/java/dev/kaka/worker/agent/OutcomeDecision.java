package dev.kaka.worker.agent;

import dev.kaka.common.event.AgentReport;
import dev.kaka.common.event.AgentReport.Transcript;
import dev.kaka.common.event.FailureKind;
import dev.kaka.support.secrets.SecretMasker;
import dev.kaka.support.time.DurationText;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns what is known when a run ends into its {@link AgentResult}: the failure kind, and a message
 * a repository maintainer can act on. A run succeeds only when the process exited with 0 and its
 * result line says {@code "is_error":false}: the CLI reports API failures with {@code
 * subtype:"success"}.
 */
final class OutcomeDecision {

  private static final int MAX_DETAIL_LENGTH = 300;
  private static final int SIGNAL_EXIT_BASE = 128;

  private final SecretMasker masker;

  OutcomeDecision(SecretMasker masker) {
    this.masker = masker;
  }

  /**
   * @param result the last result line the agent printed
   * @param apiError the API failure the agent reported, if any
   * @param lastError the last line the agent printed on stderr
   */
  AgentResult finished(
      int exitCode,
      Optional<ResultLine> result,
      Optional<ApiError> apiError,
      Optional<String> lastError,
      Transcript transcript) {
    return result
        .map(reported -> reported(exitCode, reported, apiError, lastError, transcript))
        .orElseGet(() -> unreported(exitCode, lastError, transcript));
  }

  private AgentResult unreported(int exitCode, Optional<String> lastError, Transcript transcript) {
    String message =
        exitCode == 0
            ? "The agent exited without reporting a result"
            : "The agent exited with code " + describe(exitCode) + " before reporting a result";
    return AgentResult.failed(
        FailureKind.AGENT_FAILED,
        AgentResult.REASON_NO_RESULT,
        message + lastError.map(line -> ": " + shorten(line)).orElse("."),
        false,
        AgentReport.empty().withTranscript(transcript));
  }

  private AgentResult reported(
      int exitCode,
      ResultLine result,
      Optional<ApiError> apiError,
      Optional<String> lastError,
      Transcript transcript) {
    String reason = reason(result);
    AgentReport report = result.toReport(masker, transcript);
    if (exitCode == 0 && !result.reportsError()) {
      return AgentResult.succeeded(reason, succeeded(result), report);
    }
    String detail =
        explanation(result)
            .or(() -> lastError)
            .map(this::shorten)
            .map(OutcomeDecision::sentence)
            .orElse("it gave no reason (" + reason + ").");
    if (result.is("error_max_turns") || result.is("max_turns")) {
      return AgentResult.failed(
          FailureKind.AGENT_MAX_TURNS,
          reason,
          "The agent stopped after "
              + turns(result)
              + " without finishing: "
              + detail
              + " Narrow the issue down, or raise kaka.agent.max-turns.",
          false,
          report);
    }
    if (result.is("error_max_budget_usd") || result.is("budget_exhausted")) {
      return AgentResult.failed(
          FailureKind.AGENT_BUDGET_EXCEEDED,
          reason,
          "The agent stopped at its budget"
              + spent(result)
              + ": "
              + detail
              + " Narrow the issue down, or raise kaka.agent.max-budget-usd.",
          false,
          report);
    }
    if (result.is("api_error") || apiError.isPresent()) {
      return apiFailure(reason, detail, result, apiError, report);
    }
    String message =
        exitCode == 0
            ? "The agent reported an error: " + detail
            : "The agent exited with code " + describe(exitCode) + ": " + detail;
    return AgentResult.failed(FailureKind.AGENT_FAILED, reason, message, false, report);
  }

  private AgentResult apiFailure(
      String reason,
      String detail,
      ResultLine result,
      Optional<ApiError> reported,
      AgentReport report) {
    ApiError error =
        reported.orElseGet(
            () -> new ApiError(null, null, result.apiErrorStatus(), result.result()));
    // "Not logged in" comes without a status: the CLI found no credentials and never called.
    if (error.authentication() || detail.startsWith("Not logged in")) {
      return AgentResult.failed(
          FailureKind.AGENT_NOT_AUTHENTICATED,
          reason,
          "The agent could not authenticate with the Anthropic API: "
              + detail
              + " Give the worker a valid ANTHROPIC_API_KEY; it reaches the agent through "
              + "kaka.agent.environment.",
          false,
          report);
    }
    if (error.unavailable()) {
      return AgentResult.failed(
          FailureKind.AGENT_API_UNREACHABLE,
          reason,
          "The agent could not reach the Anthropic API: "
              + detail
              + " If this lasts, check the worker's network, proxy and ANTHROPIC_BASE_URL.",
          true,
          report);
    }
    return AgentResult.failed(
        FailureKind.AGENT_FAILED,
        reason,
        "The Anthropic API refused the agent's request: "
            + detail
            + " Check kaka.agent.model and the account's access.",
        false,
        report);
  }

  AgentResult timedOut(Duration timeout, Transcript transcript) {
    return AgentResult.failed(
        FailureKind.AGENT_TIMED_OUT,
        AgentResult.REASON_TIMED_OUT,
        "The agent ran longer than "
            + DurationText.of(timeout)
            + " and was stopped, with every process "
            + "it started.",
        false,
        AgentReport.empty().withTranscript(transcript));
  }

  static AgentResult notStarted(String program, IOException cause) {
    // ProcessBuilder reports a missing program only through the errno in its message.
    if (String.valueOf(cause.getMessage()).contains("error=2,")) {
      return failedToRun(
          FailureKind.AGENT_NOT_INSTALLED,
          AgentResult.REASON_NOT_STARTED,
          "The agent command '"
              + program
              + "' was not found on the worker; install it (npm "
              + "install -g @anthropic-ai/claude-code) or set kaka.agent.command.",
          false);
    }
    return failedToRun(
        FailureKind.AGENT_FAILED,
        AgentResult.REASON_NOT_STARTED,
        "The agent command '"
            + program
            + "' could not be started on the worker ("
            + shortened(String.valueOf(cause.getMessage()))
            + "); check kaka.agent.command.",
        false);
  }

  /** Retryable: another worker, or this one after its operators fixed it, may fence it in. */
  static AgentResult sandboxUnavailable(String message) {
    return failedToRun(
        FailureKind.SANDBOX_UNAVAILABLE,
        AgentResult.REASON_NOT_STARTED,
        message + " The agent was not run without it (kaka.agent.sandbox=required).",
        true);
  }

  /**
   * A set-up command of the repository failed: not retried, since running it again unchanged fails
   * again; the message quotes the command's last lines.
   */
  static AgentResult setupFailed(
      String command, String what, java.util.List<String> tail, Transcript transcript) {
    String lines =
        tail.isEmpty() ? "" : " Its last lines:\n\n```\n" + String.join("\n", tail) + "\n```";
    return AgentResult.failed(
        FailureKind.SETUP_FAILED,
        AgentResult.REASON_SETUP_FAILED,
        "The set-up command `"
            + command
            + "` from `"
            + dev.kaka.common.event.TaskSettings.FILE
            + "` "
            + what
            + "."
            + lines,
        false,
        AgentReport.empty().withTranscript(transcript));
  }

  /**
   * The session {@code sessionId} could not be resumed, for the reason {@code why}: not retried as
   * it is, since the same session fails again, but the run can start over without it.
   */
  AgentResult sessionRefused(String sessionId, String why, Transcript transcript) {
    return AgentResult.failed(
        FailureKind.AGENT_FAILED,
        AgentResult.REASON_SESSION_REFUSED,
        "The agent could not resume session " + sessionId + ": " + sentence(shorten(why)),
        false,
        AgentReport.empty().withTranscript(transcript));
  }

  static AgentResult workspaceMissing(Path workspace) {
    return failedToRun(
        FailureKind.INTERNAL_ERROR,
        AgentResult.REASON_NOT_STARTED,
        "The agent could not start: its workspace " + workspace + " is missing on the worker.",
        true);
  }

  static AgentResult interrupted(Transcript transcript) {
    return AgentResult.failed(
        FailureKind.INTERNAL_ERROR,
        AgentResult.REASON_INTERRUPTED,
        "The worker was shut down while the agent was running; the agent was stopped.",
        true,
        AgentReport.empty().withTranscript(transcript));
  }

  static AgentResult workerError(RuntimeException error) {
    return failedToRun(
        FailureKind.INTERNAL_ERROR,
        AgentResult.REASON_WORKER_ERROR,
        "The worker failed while running the agent (" + error.getClass().getSimpleName() + ").",
        true);
  }

  private static AgentResult failedToRun(
      FailureKind failure, String reason, String message, boolean retryable) {
    return AgentResult.failed(failure, reason, message, retryable, AgentReport.empty());
  }

  private static String reason(ResultLine result) {
    if (result.terminalReason() != null) {
      return result.terminalReason();
    }
    return result.subtype() != null ? result.subtype() : AgentResult.REASON_UNSPECIFIED;
  }

  private static String succeeded(ResultLine result) {
    return result.numTurns() == null
        ? "The agent finished."
        : "The agent finished in " + turns(result) + ".";
  }

  private static String turns(ResultLine result) {
    Integer turns = result.numTurns();
    if (turns == null) {
      return "its last turn";
    }
    return turns + (turns == 1 ? " turn" : " turns");
  }

  private static String spent(ResultLine result) {
    return result.totalCostUsd() == null
        ? ""
        : String.format(Locale.ROOT, " (it spent $%.4f)", result.totalCostUsd());
  }

  /** What the agent said went wrong: its final message, else its list of errors. */
  private static Optional<String> explanation(ResultLine result) {
    if (result.result() != null && !result.result().isBlank()) {
      return Optional.of(result.result());
    }
    return result.errors().isEmpty()
        ? Optional.empty()
        : Optional.of(String.join("; ", result.errors()));
  }

  private static String describe(int exitCode) {
    return exitCode > SIGNAL_EXIT_BASE
        ? exitCode + " (killed by signal " + (exitCode - SIGNAL_EXIT_BASE) + ")"
        : String.valueOf(exitCode);
  }

  private String shorten(String text) {
    return shortened(masker.mask(text));
  }

  /** The text as a sentence of its own: ending in a full stop unless it ends otherwise. */
  private static String sentence(String text) {
    return text.matches("(?s).*[.!?…]$") ? text : text + ".";
  }

  private static String shortened(String text) {
    String line = text.strip().replaceAll("\\s+", " ");
    return line.length() <= MAX_DETAIL_LENGTH ? line : line.substring(0, MAX_DETAIL_LENGTH) + "…";
  }
}
