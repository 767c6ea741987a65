package dev.kaka.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.common.event.AgentReport;
import dev.kaka.common.event.FailureKind;
import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TaskFailed;
import dev.kaka.common.event.Trigger;
import dev.kaka.common.event.TriggerKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class DeadLetterReplayTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final RepositoryRef REPO =
      new RepositoryRef("octo", "hello", "https://github.com/octo/hello.git", "main");
  private static final IssueRef ISSUE =
      new IssueRef(7, "Fix typo", "https://github.com/octo/hello/issues/7");
  private static final Instant FIRST = Instant.parse("2026-11-25T10:15:30Z");
  private static final Instant REPLAYED = Instant.parse("2026-12-02T08:00:00Z");

  @Test
  void aReplayedTriggerIsOfTheTimeOfTheReplayAndOtherwiseUnchanged() {
    IssueTriggered trigger =
        new IssueTriggered(
            TaskEvent.SCHEMA_VERSION,
            "t-1",
            "d-1",
            REPO,
            ISSUE,
            "The README says teh.",
            new Trigger(TriggerKind.LABEL, "alice", ""),
            3,
            FIRST);
    ObjectNode original = (ObjectNode) JSON.readTree(JSON.writeValueAsBytes(trigger));
    original.put("addedLater", "kept");

    byte[] replayed = DeadLetterReplay.restamped(JSON.writeValueAsBytes(original), REPLAYED);

    ObjectNode expected = original.deepCopy();
    expected.put("occurredAt", REPLAYED.toString());
    assertThat(JSON.readTree(replayed)).isEqualTo(expected);
    assertThat(((IssueTriggered) JSON.readValue(replayed, TaskEvent.class)).occurredAt())
        .isEqualTo(REPLAYED);
  }

  @Test
  void otherEventsAndUnreadableRecordsGoBackAsTheyWere() {
    byte[] failed =
        JSON.writeValueAsBytes(
            new TaskFailed(
                TaskEvent.SCHEMA_VERSION,
                "t-1",
                "d-1",
                REPO,
                ISSUE,
                1,
                FailureKind.GIT_FAILED,
                "The remote hung up.",
                true,
                3,
                AgentReport.empty(),
                FIRST));
    byte[] unreadable = "{not json at all".getBytes(StandardCharsets.UTF_8);

    assertThat(DeadLetterReplay.restamped(failed, REPLAYED)).isSameAs(failed);
    assertThat(DeadLetterReplay.restamped(unreadable, REPLAYED)).isSameAs(unreadable);
    assertThat(DeadLetterReplay.restamped(null, REPLAYED)).isNull();
  }
}
