package dev.kaka.worker.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.common.event.AgentReport;
import dev.kaka.common.event.FailureKind;
import dev.kaka.worker.agent.AgentResult;
import dev.kaka.worker.git.GitOperationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StageFailureTest {

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aGitFailureKeepsItsMessageAndWhetherItMayPass(boolean retryable) {
    StageFailure failure =
        StageFailure.of(new GitOperationException("could not fetch octo/hello", retryable));

    assertThat(failure.kind()).isEqualTo(FailureKind.GIT_FAILED);
    assertThat(failure.getMessage()).isEqualTo("could not fetch octo/hello");
    assertThat(failure.retryable()).isEqualTo(retryable);
  }

  @Test
  void aFailedAgentRunIsReportedAsTheAgentJudgedIt() {
    AgentReport report = new AgentReport("", 1, 0.0, 10L, "s-1");
    AgentResult result =
        new AgentResult(
            AgentResult.Outcome.FAILED,
            FailureKind.SETUP_FAILED,
            AgentResult.REASON_SETUP_FAILED,
            "`npm ci` failed",
            false,
            report);

    StageFailure failure = StageFailure.of(result);

    assertThat(failure.kind()).isEqualTo(FailureKind.SETUP_FAILED);
    assertThat(failure.getMessage()).isEqualTo("`npm ci` failed");
    assertThat(failure.retryable()).isFalse();
    assertThat(failure.report()).isEqualTo(report);
  }

  @Test
  void kakasOwnFailureIsRetriedAndKeepsItsDetailsOutOfTheMessage() {
    StageFailure failure =
        StageFailure.internal(new IllegalStateException("token ghs_secret in a path"));

    assertThat(failure.kind()).isEqualTo(FailureKind.INTERNAL_ERROR);
    assertThat(failure.retryable()).isTrue();
    assertThat(failure.getMessage())
        .isEqualTo("The worker failed unexpectedly (IllegalStateException).");
  }
}
