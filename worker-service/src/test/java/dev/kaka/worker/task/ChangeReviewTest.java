package dev.kaka.worker.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kaka.common.event.AgentReport;
import dev.kaka.common.event.AgentReport.PermissionDenial;
import dev.kaka.common.event.FailureKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeReviewTest {

  private static final AgentReport SAID =
      new AgentReport("Nothing to fix.\nAll good.", 2, 0.1, 9L, "s");

  @Test
  void aChangeIsCommitted() {
    assertThat(ChangeReview.requireChanges(List.of("README.md"), SAID))
        .containsExactly("README.md");
  }

  @Test
  void noChangeFailsTheTaskQuotingWhatTheAgentSaid() {
    StageFailure failure =
        catchThrowableOfType(
            StageFailure.class, () -> ChangeReview.requireChanges(List.of(), SAID));

    assertThat(failure.kind()).isEqualTo(FailureKind.NO_CHANGES);
    assertThat(failure.getMessage())
        .isEqualTo(
            "The agent finished without changing any file. It said:\n\n"
                + "> Nothing to fix.\n> All good.");
    assertThat(failure.retryable()).isFalse();
    assertThat(failure.report()).isEqualTo(SAID);
  }

  @Test
  void noChangeFromAnAgentThatSaidNothingFailsWithoutAQuote() {
    StageFailure failure =
        catchThrowableOfType(
            StageFailure.class, () -> ChangeReview.requireChanges(List.of(), AgentReport.empty()));

    assertThat(failure.getMessage()).isEqualTo("The agent finished without changing any file.");
  }

  @Test
  void noChangeAfterRefusedToolUsesIsAPermissionDenial() {
    AgentReport refused =
        new AgentReport(
            "", 2, 0.1, 9L, "s", null, List.of(new PermissionDenial("Bash", "npm test")), null);

    StageFailure failure =
        catchThrowableOfType(
            StageFailure.class, () -> ChangeReview.requireChanges(List.of(), refused));

    assertThat(failure.kind()).isEqualTo(FailureKind.AGENT_PERMISSION_DENIED);
    assertThat(failure.getMessage()).contains("refused 1 tool use: Bash `npm test`");
    assertThat(failure.retryable()).isFalse();
  }

  @Test
  void aChangeHoldingKakasTokenIsAnAgentFailureNamingTheFiles() {
    StageFailure failure =
        catchThrowableOfType(
            StageFailure.class,
            () -> ChangeReview.refuseLeakedToken(List.of(".env", "notes.txt"), SAID));

    assertThat(failure.kind()).isEqualTo(FailureKind.AGENT_FAILED);
    assertThat(failure.getMessage())
        .startsWith("The agent's change contains Kaka's GitHub token (in .env, notes.txt)");
    assertThat(failure.retryable()).isFalse();
  }

  @Test
  void aChangeWithoutTheTokenPasses() {
    assertThatNoException().isThrownBy(() -> ChangeReview.refuseLeakedToken(List.of(), SAID));
  }
}
