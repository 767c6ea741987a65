package dev.kaka.notifier.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.kaka.common.event.AgentReport;
import dev.kaka.common.event.FailureKind;
import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.RunSettings;
import dev.kaka.common.event.TaskCancelled;
import dev.kaka.common.event.TaskFailed;
import dev.kaka.common.event.TaskStarted;
import dev.kaka.common.event.Trigger;
import dev.kaka.common.event.TriggerKind;
import dev.kaka.taskstore.AuditDocument;
import dev.kaka.taskstore.AuditDocument.HistoryEntry;
import dev.kaka.testkit.mongo.MongoStandIn;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

/** The audit trail of a task, on the MongoDB-wire stand-in. */
class AuditStoreTest {

  private static final String GITHUB_TOKEN = "ghs_NotifierTokenForAudits01";
  private static final RepositoryRef REPO =
      new RepositoryRef("octo", "hello", "https://github.com/octo/hello.git", "main");
  private static final IssueRef ISSUE =
      new IssueRef(7, "Fix typo", "https://github.com/octo/hello/issues/7");
  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  private static final RunSettings SETTINGS =
      new RunSettings(
          "opus",
          10,
          new BigDecimal("1.50"),
          600L,
          "main",
          "kaka/",
          "npm test",
          List.of("npm ci"),
          List.of("npm"),
          List.of("agent.test-command"),
          RunSettings.RepositoryFile.READ);

  private static MongoClient client;
  private static MongoTemplate mongo;
  private static AuditStore audits;

  private final String taskId = "t-" + UUID.randomUUID();

  @BeforeAll
  static void connect() {
    client = MongoClients.create(MongoStandIn.shared().uri("audit-store-test"));
    mongo = new MongoTemplate(client, "audit-store-test");
    audits = new AuditStore(mongo, GITHUB_TOKEN);
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  @Test
  void theHistorySaysWhoTriggeredRetriedAndCancelledAndWhenRunsStartedAndEnded() {
    audits.record(triggered(1, TriggerKind.LABEL, "alice", T0));
    audits.record(started(1, T0.plusSeconds(1), null));
    audits.record(failed(1, T0.plusSeconds(2)));
    audits.record(triggered(2, TriggerKind.RETRY, "operator", T0.plusSeconds(3)));
    audits.record(started(2, T0.plusSeconds(4), null));
    audits.record(cancelled(2, "bob", T0.plusSeconds(5)));

    assertThat(audit().history())
        .extracting(HistoryEntry::event, HistoryEntry::attempt, HistoryEntry::by)
        .containsExactly(
            tuple("triggered", 1, "alice"),
            tuple("started", 1, "worker-a"),
            tuple("failed", 1, null),
            tuple("retried", 2, "operator"),
            tuple("started", 2, "worker-a"),
            tuple("cancelled", 2, "bob"));
    assertThat(audit().history().get(0).detail()).isEqualTo("label");
    assertThat(audit().history().get(2).detail()).isEqualTo("AGENT_FAILED");
    assertThat(audit().history().get(5).at()).isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void anEventSeenTwiceIsRecordedOnce() {
    IssueTriggered trigger = triggered(1, TriggerKind.COMMENT, "alice", T0);
    audits.record(trigger);
    audits.record(started(1, T0.plusSeconds(1), null));
    audits.record(trigger);

    assertThat(audit().history())
        .extracting(HistoryEntry::event)
        .containsExactly("triggered", "started");
  }

  @Test
  void theHistoryKeepsTheNewestEntriesUpToItsCap() {
    int attempts = AuditDocument.MAX_HISTORY / 2 + 5;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      Instant at = T0.plusSeconds(attempt * 10L);
      audits.record(triggered(attempt, TriggerKind.RETRY, "operator", at));
      audits.record(failed(attempt, at.plusSeconds(1)));
    }

    List<HistoryEntry> history = audit().history();
    assertThat(history).hasSize(AuditDocument.MAX_HISTORY);
    assertThat(history.get(history.size() - 1).attempt()).isEqualTo(attempts);
    assertThat(history.get(0).attempt()).isEqualTo(6);
  }

  @Test
  void keepsTheLatestRunsPromptMaskedAndItsSettings() {
    audits.record(started(2, T0.plusSeconds(5), "Fix it. The token is " + GITHUB_TOKEN + "."));
    // a late start of the earlier attempt changes nothing
    audits.record(started(1, T0, "The first prompt."));

    AuditDocument audit = audit();
    assertThat(audit.runAttempt()).isEqualTo(2);
    assertThat(audit.prompt()).isEqualTo("Fix it. The token is ***.");
    assertThat(audit.settings().model()).isEqualTo("opus");
    assertThat(audit.settings().maxBudgetUsd()).isEqualTo("1.50");
    assertThat(audit.settings().fromRepository()).containsExactly("agent.test-command");
    assertThat(audit.settings().repositoryFile()).isEqualTo("READ");
    assertThat(audit.repository()).isEqualTo("octo/hello");
    // in time order, whatever order the events came in
    assertThat(audit.history()).extracting(HistoryEntry::attempt).containsExactly(1, 2);
  }

  private AuditDocument audit() {
    return mongo.findById(taskId, AuditDocument.class);
  }

  private IssueTriggered triggered(int attempt, TriggerKind kind, String who, Instant at) {
    return new IssueTriggered(
        1, taskId, "d-1", REPO, ISSUE, "It says teh.", new Trigger(kind, who, ""), attempt, at);
  }

  private TaskStarted started(int attempt, Instant at, String prompt) {
    return new TaskStarted(
        1,
        taskId,
        "d-1",
        REPO,
        ISSUE,
        attempt,
        "kaka/issue-7",
        "worker-a",
        at,
        prompt == null ? "Implement GitHub issue #7" : prompt,
        SETTINGS);
  }

  private TaskFailed failed(int attempt, Instant at) {
    return new TaskFailed(
        1,
        taskId,
        "d-1",
        REPO,
        ISSUE,
        attempt,
        FailureKind.AGENT_FAILED,
        "The agent stopped.",
        false,
        attempt,
        AgentReport.empty(),
        at);
  }

  private TaskCancelled cancelled(int attempt, String who, Instant at) {
    return new TaskCancelled(1, taskId, "d-1", REPO, ISSUE, attempt, who, at);
  }
}
