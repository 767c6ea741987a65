package dev.kaka.ingress.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.Trigger;
import dev.kaka.common.event.TriggerKind;
import dev.kaka.common.event.TriggerRefused;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TriggerDecisionTest {

  private static final RepositoryRef REPOSITORY =
      new RepositoryRef("octo", "hello", "https://github.com/octo/hello.git", "main");
  private static final IssueRef ISSUE =
      new IssueRef(7, "Fix typo", "https://github.com/octo/hello/issues/7");
  private static final IssueTriggered EVENT =
      new IssueTriggered(
          TaskEvent.SCHEMA_VERSION,
          "task-1",
          "delivery-1",
          REPOSITORY,
          ISSUE,
          "",
          new Trigger(TriggerKind.LABEL, "alice", ""),
          1,
          Instant.EPOCH);

  @Test
  void anAcceptedTriggerStartsItsTask() {
    assertThat(new TriggerDecision.Accepted(EVENT).work()).contains(EVENT);
  }

  @Test
  void aFollowUpStartsItsTaskOnThePullRequest() {
    assertThat(new TriggerDecision.FollowUp(EVENT, 12).work()).contains(EVENT);
  }

  @ParameterizedTest
  @MethodSource("decisionsThatStartNoWork")
  void noOtherDecisionStartsWork(TriggerDecision decision) {
    assertThat(decision.work()).isEmpty();
  }

  static Stream<TriggerDecision> decisionsThatStartNoWork() {
    return Stream.of(
        new TriggerDecision.Cancel("delivery-2", REPOSITORY, ISSUE, "alice"),
        new TriggerDecision.Refused(
            new TriggerRefused(
                TaskEvent.SCHEMA_VERSION,
                "task-1",
                "delivery-3",
                REPOSITORY,
                ISSUE,
                1,
                "mallory",
                "not allowed",
                Instant.EPOCH)),
        new TriggerDecision.DefaultBranchPushed(REPOSITORY),
        new TriggerDecision.Ignored("not for Kaka"),
        new TriggerDecision.Rejected("unreadable"));
  }
}
