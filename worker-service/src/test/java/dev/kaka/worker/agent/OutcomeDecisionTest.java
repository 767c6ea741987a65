package dev.kaka.worker.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.common.event.AgentReport;
import dev.kaka.common.event.AgentReport.PermissionDenial;
import dev.kaka.common.event.AgentReport.TokenUsage;
import dev.kaka.common.event.AgentReport.Transcript;
import dev.kaka.common.event.FailureKind;
import dev.kaka.support.secrets.SecretMasker;
import dev.kaka.worker.agent.AgentResult.Outcome;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutcomeDecisionTest {

  private static final Transcript TRANSCRIPT = new Transcript(List.of("{\"type\":\"system\"}"), 0);

  private final OutcomeDecision decision = new OutcomeDecision(SecretMasker.shapesOnly());

  /** Every way a recorded run of the real CLI ended, with the exit code it ended with. */
  @ParameterizedTest(name = "{0} with exit code {1} is {2} ({3}, {4})")
  @CsvSource({
    "write_file.jsonl,         0, SUCCEEDED, completed,        ,                        false",
    "denied_tool.jsonl,        0, SUCCEEDED, completed,        ,                        false",
    "write_file.jsonl,         1, FAILED,    completed,        AGENT_FAILED,            false",
    "loop_forever.jsonl,       1, FAILED,    max_turns,        AGENT_MAX_TURNS,         false",
    "max_turns.jsonl,          1, FAILED,    max_turns,        AGENT_MAX_TURNS,         false",
    "budget_exceeded.jsonl,    1, FAILED,    budget_exhausted, AGENT_BUDGET_EXCEEDED,   false",
    "api_error.jsonl,          1, FAILED,    api_error,        AGENT_API_UNREACHABLE,   true",
    "api_error.jsonl,          0, FAILED,    api_error,        AGENT_API_UNREACHABLE,   true",
    "connection_refused.jsonl, 1, FAILED,    api_error,        AGENT_API_UNREACHABLE,   true",
    "not_logged_in.jsonl,      1, FAILED,    api_error,        AGENT_NOT_AUTHENTICATED, false",
    "unauthorized.jsonl,       1, FAILED,    api_error,        AGENT_NOT_AUTHENTICATED, false"
  })
  void decidesOnTheExitCodeIsErrorAndWhatTheStreamSaid(
      String recording,
      int exitCode,
      Outcome outcome,
      String reason,
      FailureKind failure,
      boolean retryable) {
    StreamObserver stream = Recordings.observed(recording);

    AgentResult result =
        decision.finished(
            exitCode, stream.result(), stream.apiError(), Optional.empty(), TRANSCRIPT);

    assertThat(result.outcome()).isEqualTo(outcome);
    assertThat(result.reason()).isEqualTo(reason);
    assertThat(result.failure()).isEqualTo(failure);
    assertThat(result.retryable()).isEqualTo(retryable);
    assertThat(result.report().transcript()).isEqualTo(TRANSCRIPT);
  }

  @Test
  void aSuccessCarriesTheAgentsReport() {
    AgentResult result =
        decision.finished(
            0,
            Recordings.result("write_file.jsonl"),
            Optional.empty(),
            Optional.empty(),
            TRANSCRIPT);

    assertThat(result.message()).isEqualTo("The agent finished in 2 turns.");
    assertThat(result.report())
        .isEqualTo(
            new AgentReport(
                "Implemented.",
                2,
                0.021599999999999998,
                167L,
                "15df50c3-d0f2-4c09-b0ee-1f607dc0b75c",
                new TokenUsage(2400L, 600L, 0L, 0L),
                List.of(),
                TRANSCRIPT));
  }

  @Test
  void aSuccessListsTheToolUsesThatWereRefused() {
    AgentResult result =
        decision.finished(
            0,
            Recordings.result("denied_tool.jsonl"),
            Optional.empty(),
            Optional.empty(),
            TRANSCRIPT);

    assertThat(result.report().permissionDenials())
        .containsExactly(new PermissionDenial("Bash", "curl -s https://example.com/kaka-test"));
  }

  @Test
  void anApiFailureQuotesTheAgentsResultText() {
    StreamObserver stream = Recordings.observed("api_error.jsonl");

    AgentResult result =
        decision.finished(
            1, stream.result(), stream.apiError(), Optional.of("ignored"), TRANSCRIPT);

    assertThat(result.message())
        .startsWith(
            "The agent could not reach the Anthropic API: API Error: 500 Internal server "
                + "error (fake).")
        .endsWith(" If this lasts, check the worker's network, proxy and ANTHROPIC_BASE_URL.");
    assertThat(result.report().turns()).isEqualTo(1);
  }

  @Test
  void theTurnLimitSaysWhichSettingToRaise() {
    AgentResult result =
        decision.finished(
            1,
            Recordings.result("loop_forever.jsonl"),
            Optional.empty(),
            Optional.empty(),
            TRANSCRIPT);

    assertThat(result.message())
        .isEqualTo(
            "The agent stopped after 4 turns without finishing: Reached maximum number of "
                + "turns (3). Narrow the issue down, or raise kaka.agent.max-turns.");
  }

  @Test
  void anErrorReportedWithExitCodeZeroIsStillAFailure() {
    ResultLine result =
        new ResultLine(
            "error_during_execution",
            true,
            "Tool crashed",
            null,
            3,
            0.1,
            5L,
            "s",
            null,
            null,
            null,
            null);

    AgentResult decided =
        decision.finished(0, Optional.of(result), Optional.empty(), Optional.empty(), TRANSCRIPT);

    assertThat(decided.failure()).isEqualTo(FailureKind.AGENT_FAILED);
    assertThat(decided.message()).isEqualTo("The agent reported an error: Tool crashed.");
  }

  @Test
  void aRequestTheApiRefusedForAnotherReasonPointsAtTheModel() {
    ResultLine result =
        new ResultLine(
            "success",
            true,
            "API Error: 404 model not found",
            null,
            1,
            0.0,
            5L,
            "s",
            "api_error",
            404,
            null,
            null);

    AgentResult decided =
        decision.finished(
            1,
            Optional.of(result),
            Optional.of(new ApiError("unknown", null, 404, "API Error: 404 model not found")),
            Optional.empty(),
            TRANSCRIPT);

    assertThat(decided.failure()).isEqualTo(FailureKind.AGENT_FAILED);
    assertThat(decided.message())
        .isEqualTo(
            "The Anthropic API refused the agent's request: API "
                + "Error: 404 model not found. Check kaka.agent.model and the account's access.");
  }

  @Test
  void aRunWithoutAResultLineQuotesStderr() {
    AgentResult result =
        decision.finished(
            137, Optional.empty(), Optional.empty(), Optional.of("  out of\tmemory  "), TRANSCRIPT);

    assertThat(result.failure()).isEqualTo(FailureKind.AGENT_FAILED);
    assertThat(result.reason()).isEqualTo(AgentResult.REASON_NO_RESULT);
    assertThat(result.message())
        .isEqualTo(
            "The agent exited with code 137 (killed by signal 9) before reporting a result: "
                + "out of memory");
    assertThat(result.report().turns()).isNull();
    assertThat(result.report().transcript()).isEqualTo(TRANSCRIPT);
  }

  @Test
  void aCleanExitWithoutAResultLineIsAFailure() {
    AgentResult result =
        decision.finished(0, Optional.empty(), Optional.empty(), Optional.empty(), TRANSCRIPT);

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.message()).isEqualTo("The agent exited without reporting a result.");
  }

  @Test
  void longDetailsAreShortened() {
    ResultLine result =
        new ResultLine(
            "error_during_execution",
            true,
            "x".repeat(1000),
            null,
            1,
            0.0,
            1L,
            "s",
            null,
            null,
            null,
            null);

    assertThat(
            decision
                .finished(1, Optional.of(result), Optional.empty(), Optional.empty(), TRANSCRIPT)
                .message())
        .hasSizeLessThan(400)
        .endsWith("x…");
  }

  @Test
  void secretsInTheAgentsWordsAreMasked() {
    OutcomeDecision masking =
        new OutcomeDecision(
            SecretMasker.of(Map.of("ANTHROPIC_API_KEY", "my-anthropic-key-123"), List.of()));
    ResultLine result =
        new ResultLine(
            "error_during_execution",
            true,
            "The key my-anthropic-key-123 failed",
            null,
            1,
            0.0,
            1L,
            "s",
            null,
            null,
            null,
            null);

    AgentResult decided =
        masking.finished(1, Optional.of(result), Optional.empty(), Optional.empty(), TRANSCRIPT);

    assertThat(decided.message()).isEqualTo("The agent exited with code 1: The key *** failed.");
    assertThat(decided.report().summary()).isEqualTo("The key *** failed");
  }

  @ParameterizedTest
  @CsvSource({"PT30M, 30m", "PT2S, 2s", "PT1H30M, 1h30m", "PT0.5S, 0.5s"})
  void aTimeoutNamesTheLimitAsItIsConfigured(Duration timeout, String written) {
    AgentResult result = decision.timedOut(timeout, TRANSCRIPT);

    assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(result.failure()).isEqualTo(FailureKind.AGENT_TIMED_OUT);
    assertThat(result.reason()).isEqualTo(AgentResult.REASON_TIMED_OUT);
    assertThat(result.message())
        .isEqualTo(
            "The agent ran longer than "
                + written
                + " and was stopped, with every process it started.");
    assertThat(result.report().transcript()).isEqualTo(TRANSCRIPT);
  }

  @Test
  void aMissingCommandIsANotInstalledFailure() {
    AgentResult result =
        OutcomeDecision.notStarted(
            "claude",
            new IOException("Cannot run program \"claude\": error=2, No such file or directory"));

    assertThat(result.failure()).isEqualTo(FailureKind.AGENT_NOT_INSTALLED);
    assertThat(result.message())
        .isEqualTo(
            "The agent command 'claude' was not found on the "
                + "worker; install it (npm install -g @anthropic-ai/claude-code) or set "
                + "kaka.agent.command.");
  }

  @Test
  void aCommandThatCannotBeStartedForAnotherReasonSaysWhy() {
    AgentResult result =
        OutcomeDecision.notStarted(
            "/opt/claude",
            new IOException("Cannot run program \"/opt/claude\": error=13, Permission denied"));

    assertThat(result.failure()).isEqualTo(FailureKind.AGENT_FAILED);
    assertThat(result.reason()).isEqualTo(AgentResult.REASON_NOT_STARTED);
    assertThat(result.message())
        .isEqualTo(
            "The agent command '/opt/claude' could not be started on the worker (Cannot run "
                + "program \"/opt/claude\": error=13, Permission denied); "
                + "check kaka.agent.command.");
  }
}
