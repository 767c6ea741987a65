package dev.kaka.worker.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.common.event.AgentReport;
import dev.kaka.worker.agent.AgentResult.Outcome;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutcomeDecisionTest {

  private static final List<String> TRANSCRIPT = List.of("{\"type\":\"system\"}");

  @ParameterizedTest(name = "{0} with exit code {1} is {2} ({3})")
  @CsvSource({
    "write_file.jsonl,   0, SUCCEEDED, completed",
    "write_file.jsonl,   1, FAILED,    completed",
    "loop_forever.jsonl, 1, FAILED,    max_turns",
    "api_error.jsonl,    1, FAILED,    api_error",
    "api_error.jsonl,    0, FAILED,    api_error"
  })
  void decidesOnTheExitCodeAndIsErrorTogether(
      String recording, int exitCode, Outcome outcome, String reason) {
    AgentResult result =
        OutcomeDecision.finished(
            exitCode, Recordings.result(recording), Optional.empty(), TRANSCRIPT);

    assertThat(result.outcome()).isEqualTo(outcome);
    assertThat(result.reason()).isEqualTo(reason);
    assertThat(result.transcript()).isEqualTo(TRANSCRIPT);
  }

  @Test
  void aSuccessCarriesTheAgentsReport() {
    AgentResult result =
        OutcomeDecision.finished(
            0, Recordings.result("write_file.jsonl"), Optional.empty(), TRANSCRIPT);

    assertThat(result.message()).isEqualTo("The agent finished in 2 turns.");
    assertThat(result.report())
        .isEqualTo(
            new AgentReport(
                "Implemented.", 2, 0.021599999999999998, 167L,
                "15df50c3-d0f2-4c09-b0ee-1f607dc0b75c"));
  }

  @Test
  void aFailureQuotesTheAgentsResultText() {
    AgentResult result =
        OutcomeDecision.finished(
            1, Recordings.result("api_error.jsonl"), Optional.of("ignored"), TRANSCRIPT);

    assertThat(result.message())
        .startsWith("The agent exited with code 1: API Error: 500 Internal server error (fake).");
    assertThat(result.report().turns()).isEqualTo(1);
  }

  @Test
  void aFailureWithoutResultTextQuotesTheErrors() {
    AgentResult result =
        OutcomeDecision.finished(
            1, Recordings.result("loop_forever.jsonl"), Optional.empty(), TRANSCRIPT);

    assertThat(result.message())
        .isEqualTo("The agent exited with code 1: Reached maximum number of turns (3)");
  }

  @Test
  void anErrorReportedWithExitCodeZeroIsStillAFailure() {
    AgentResult result =
        OutcomeDecision.finished(
            0, Recordings.result("api_error.jsonl"), Optional.empty(), TRANSCRIPT);

    assertThat(result.message()).startsWith("The agent reported an error: API Error: 500");
  }

  @Test
  void aRunWithoutAResultLineQuotesStderr() {
    AgentResult result =
        OutcomeDecision.finished(
            137, Optional.empty(), Optional.of("  out of\tmemory  "), TRANSCRIPT);

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.reason()).isEqualTo(AgentResult.REASON_NO_RESULT);
    assertThat(result.message())
        .isEqualTo(
            "The agent exited with code 137 (killed by signal 9) before reporting a result: "
                + "out of memory");
    assertThat(result.report()).isEqualTo(AgentReport.empty());
  }

  @Test
  void aCleanExitWithoutAResultLineIsAFailure() {
    AgentResult result =
        OutcomeDecision.finished(0, Optional.empty(), Optional.empty(), TRANSCRIPT);

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.message()).isEqualTo("The agent exited without reporting a result.");
  }

  @Test
  void longDetailsAreShortened() {
    ResultLine result =
        new ResultLine("success", true, "x".repeat(1000), null, 1, 0.0, 1L, "s", "api_error");

    assertThat(
            OutcomeDecision.finished(1, Optional.of(result), Optional.empty(), TRANSCRIPT)
                .message())
        .hasSizeLessThan(400)
        .endsWith("x…");
  }

  @ParameterizedTest
  @CsvSource({"PT30M, 30m", "PT2S, 2s", "PT1H30M, 1h30m", "PT0.5S, 0.5s"})
  void aTimeoutNamesTheLimitAsItIsConfigured(Duration timeout, String written) {
    AgentResult result = OutcomeDecision.timedOut(timeout, TRANSCRIPT);

    assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(result.reason()).isEqualTo(AgentResult.REASON_TIMED_OUT);
    assertThat(result.message())
        .isEqualTo("The agent ran longer than " + written + " and was stopped.");
    assertThat(result.report()).isEqualTo(AgentReport.empty());
  }

  @Test
  void aCommandThatCannotBeStartedForAnotherReasonSaysWhy() {
    AgentResult result =
        OutcomeDecision.notStarted(
            "/opt/claude",
            new IOException("Cannot run program \"/opt/claude\": error=13, Permission denied"));

    assertThat(result.reason()).isEqualTo(AgentResult.REASON_NOT_STARTED);
    assertThat(result.message())
        .isEqualTo(
            "The agent command '/opt/claude' could not be started on the worker (Cannot run "
                + "program \"/opt/claude\": error=13, Permission denied); "
                + "check kaka.agent.command.");
  }
}
