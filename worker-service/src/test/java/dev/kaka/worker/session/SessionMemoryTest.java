package dev.kaka.worker.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.common.event.AgentSessionKept;
import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.PullRequestRef;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.Trigger;
import dev.kaka.common.event.TriggerKind;
import dev.kaka.worker.agent.AgentSession;
import dev.kaka.worker.agent.SessionPlan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class SessionMemoryTest {

  private static final RepositoryRef REPO =
      new RepositoryRef("octo", "hello", "https://github.com/octo/hello.git", "main");
  private static final String BRANCH = "kaka/issue-7-fix-typo";
  private static final Instant AT = Instant.parse("2026-12-03T10:00:00Z");
  private static final SessionProperties PROPERTIES =
      new SessionProperties(DataSize.ofKilobytes(64), Duration.ofSeconds(5), Duration.ofDays(30));

  private final Store store = new Store();
  private final SessionMemory memory =
      new SessionMemory(store, PROPERTIES, Clock.fixed(AT, ZoneOffset.UTC));

  @Test
  void theFirstRunOnAnIssueStartsANewSessionAndSaysNothingAboutIt() {
    Recall recall = memory.recall(task(null), BRANCH);

    assertThat(recall.plan()).isEqualTo(SessionPlan.fresh(64 * 1024));
    assertThat(recall.promptNote()).isEmpty();
    assertThat(recall.reportNote()).isNull();
  }

  @Test
  void aRunOnThePullRequestResumesTheSessionItsBranchKept() {
    store.kept = Optional.of(kept("s-1", "{\"type\":\"user\"}\n"));

    Recall recall = memory.recall(followUp(), BRANCH);

    assertThat(store.asked).containsExactly("octo/hello:" + BRANCH);
    assertThat(recall.plan())
        .isEqualTo(SessionPlan.resume("s-1", "{\"type\":\"user\"}\n", 64 * 1024));
    assertThat(recall.promptNote()).contains("continues your earlier work");
    assertThat(recall.reportNote())
        .isEqualTo("Resumed the session of the last run on this pull request (task t-0).");
  }

  @Test
  void aSessionTheAgentCouldNotResumeGivesWayToAFreshOneAndTheRunSaysSo() {
    store.kept = Optional.of(kept("s-1", "{\"type\":\"user\"}\n"));

    Recall refused = memory.recall(followUp(), BRANCH).refused();

    assertThat(refused.plan()).isEqualTo(SessionPlan.fresh(64 * 1024));
    assertThat(refused.promptNote())
        .contains("could not give you that conversation")
        .doesNotContain("continues your earlier work");
    assertThat(refused.reportNote())
        .isEqualTo("Started fresh: the session of the last run could not be restored.");
  }

  @Test
  void aSessionOverTheCapIsNotResumedAndTheRunSaysSo() {
    store.kept = Optional.of(kept("s-1", null));

    Recall recall = memory.recall(followUp(), BRANCH);

    assertThat(recall.plan().resumeId()).isNull();
    assertThat(recall.promptNote()).contains("could not give you that conversation");
    assertThat(recall.reportNote())
        .isEqualTo(
            "Started fresh: the session of the last run was 195 KB, over the cap of 64 KB"
                + " (`kaka.sessions.max-size`).");
  }

  @Test
  void aRunWhoseSessionCannotBeFoundOrReadStartsFreshAndSaysWhy() {
    assertThat(memory.recall(followUp(), BRANCH).reportNote())
        .isEqualTo("Started fresh: no session of an earlier run on it was kept.");

    store.failure = new SessionStoreException("broker down", null);
    assertThat(memory.recall(followUp(), BRANCH).reportNote())
        .isEqualTo("Started fresh: the session of the last run could not be read.");
  }

  @Test
  void withSessionsOffNothingIsLookedUpOrKept() {
    SessionMemory off =
        new SessionMemory(
            store,
            new SessionProperties(DataSize.ofBytes(0), Duration.ofSeconds(5), Duration.ofDays(30)),
            Clock.systemUTC());

    assertThat(off.recall(followUp(), BRANCH).plan()).isEqualTo(SessionPlan.NONE);
    assertThat(store.asked).isEmpty();
  }

  @Test
  void aCompletedRunKeepsItsSessionUnderItsBranchAndOneThatCannotBeKeptReplacesTheOlder() {
    memory.keep(task(null), BRANCH, new AgentSession("s-1", 3, "{}\n"));
    assertThat(store.keptSessions)
        .containsExactly(new AgentSessionKept(1, "t-1", REPO, BRANCH, "s-1", 3, "{}\n", AT));

    store.keptSessions.clear();
    store.refuseContent = true;
    memory.keep(task(null), BRANCH, new AgentSession("s-2", 3, "{}\n"));
    assertThat(store.keptSessions)
        .containsExactly(new AgentSessionKept(1, "t-1", REPO, BRANCH, "s-2", 3, null, AT));

    store.keptSessions.clear();
    memory.keep(task(null), BRANCH, new AgentSession(null, 0, null));
    assertThat(store.keptSessions).isEmpty();
  }

  private static AgentSessionKept kept(String id, String content) {
    return new AgentSessionKept(1, "t-0", REPO, BRANCH, id, 200_000, content, AT);
  }

  private static IssueTriggered followUp() {
    return task(new PullRequestRef(9, BRANCH, "https://github.com/octo/hello/pull/9"));
  }

  private static IssueTriggered task(PullRequestRef pull) {
    return new IssueTriggered(
        TaskEvent.SCHEMA_VERSION,
        "t-1",
        "d-1",
        REPO,
        new IssueRef(7, "Fix typo", "https://github.com/octo/hello/issues/7"),
        "",
        new Trigger(TriggerKind.PR_COMMENT, "alice", ""),
        1,
        AT,
        pull);
  }

  private static final class Store implements SessionStore {
    Optional<AgentSessionKept> kept = Optional.empty();
    SessionStoreException failure;
    boolean refuseContent;
    final List<String> asked = new ArrayList<>();
    final List<AgentSessionKept> keptSessions = new ArrayList<>();

    @Override
    public void keep(AgentSessionKept session) {
      if (refuseContent && session.content() != null) {
        throw new SessionStoreException("too large", null);
      }
      keptSessions.add(session);
    }

    @Override
    public Optional<AgentSessionKept> newest(String key) {
      asked.add(key);
      if (failure != null) {
        throw failure;
      }
      return kept;
    }
  }
}
