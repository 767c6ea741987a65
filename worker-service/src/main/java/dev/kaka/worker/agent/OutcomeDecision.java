package dev.kaka.worker.agent;

import dev.kaka.common.event.AgentReport;
import dev.kaka.worker.agent.AgentResult.Outcome;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns what is known when a run ends into its {@link AgentResult}, with a message a repository
 * maintainer can act on. A run succeeds only when the process exited with 0 and its result line
 * says {@code "is_error":false}: the CLI reports API failures with {@code subtype:"success"}.
 */
final class OutcomeDecision {

  private static final int MAX_DETAIL_LENGTH = 300;
  private static final int SIGNAL_EXIT_BASE = 128;

  private OutcomeDecision() {}

  /**
   * @param result the last result line the agent printed
   * @param lastError the last line the agent printed on stderr
   */
  static AgentResult finished(
      int exitCode,
      Optional<ResultLine> result,
      Optional<String> lastError,
      List<String> transcript) {
    return result
        .map(reported -> reported(exitCode, reported, lastError, transcript))
        .orElseGet(() -> unreported(exitCode, lastError, transcript));
  }

  private static AgentResult unreported(
      int exitCode, Optional<String> lastError, List<String> transcript) {
    String message =
        exitCode == 0
            ? "The agent exited without reporting a result"
            : "The agent exited with code " + describe(exitCode) + " before reporting a result";
    return new AgentResult(
        Outcome.FAILED,
        AgentResult.REASON_NO_RESULT,
        message + lastError.map(line -> ": " + shorten(line)).orElse("."),
        AgentReport.empty(),
        transcript);
  }

  private static AgentResult reported(
      int exitCode, ResultLine result, Optional<String> lastError, List<String> transcript) {
    String reason = reason(result);
    if (exitCode == 0 && !result.reportsError()) {
      return new AgentResult(
          Outcome.SUCCEEDED, reason, succeeded(result), result.toReport(), transcript);
    }
    String detail =
        explanation(result)
            .or(() -> lastError)
            .map(OutcomeDecision::shorten)
            .orElse("it gave no reason (" + reason + ").");
    String message =
        exitCode == 0
            ? "The agent reported an error: " + detail
            : "The agent exited with code " + describe(exitCode) + ": " + detail;
    return new AgentResult(Outcome.FAILED, reason, message, result.toReport(), transcript);
  }

  static AgentResult timedOut(Duration timeout, List<String> transcript) {
    return new AgentResult(
        Outcome.TIMED_OUT,
        AgentResult.REASON_TIMED_OUT,
        "The agent ran longer than " + describe(timeout) + " and was stopped.",
        AgentReport.empty(),
        transcript);
  }

  static AgentResult notStarted(String program, IOException cause) {
    // ProcessBuilder reports a missing program only through the errno in its message.
    boolean missing = String.valueOf(cause.getMessage()).contains("error=2,");
    String message =
        missing
            ? "The agent command '" + program + "' was not found on the worker; install it or set "
                + "kaka.agent.command."
            : "The agent command '" + program + "' could not be started on the worker ("
                + shorten(String.valueOf(cause.getMessage())) + "); check kaka.agent.command.";
    return failedToRun(AgentResult.REASON_NOT_STARTED, message);
  }

  static AgentResult workspaceMissing(Path workspace) {
    return failedToRun(
        AgentResult.REASON_NOT_STARTED,
        "The agent could not start: its workspace " + workspace + " is missing on the worker.");
  }

  static AgentResult interrupted(List<String> transcript) {
    return new AgentResult(
        Outcome.FAILED,
        AgentResult.REASON_INTERRUPTED,
        "The worker was shut down while the agent was running; the agent was stopped.",
        AgentReport.empty(),
        transcript);
  }

  static AgentResult workerError(RuntimeException error) {
    return failedToRun(
        AgentResult.REASON_WORKER_ERROR,
        "The worker failed while running the agent: " + shorten(error.toString()));
  }

  private static AgentResult failedToRun(String reason, String message) {
    return new AgentResult(Outcome.FAILED, reason, message, AgentReport.empty(), List.of());
  }

  private static String reason(ResultLine result) {
    if (result.terminalReason() != null) {
      return result.terminalReason();
    }
    return result.subtype() != null ? result.subtype() : AgentResult.REASON_UNSPECIFIED;
  }

  private static String succeeded(ResultLine result) {
    Integer turns = result.numTurns();
    if (turns == null) {
      return "The agent finished.";
    }
    return "The agent finished in " + turns + (turns == 1 ? " turn." : " turns.");
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

  /** 30m, 90s, 1h30m: how a maintainer would write it in kaka.agent.timeout. */
  private static String describe(Duration duration) {
    return duration.toString().substring("PT".length()).toLowerCase(Locale.ROOT);
  }

  private static String shorten(String text) {
    String line = text.strip().replaceAll("\\s+", " ");
    return line.length() <= MAX_DETAIL_LENGTH ? line : line.substring(0, MAX_DETAIL_LENGTH) + "…";
  }
}
