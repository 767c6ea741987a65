package dev.kaka.notifier.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.kaka.common.event.AgentReport;
import dev.kaka.common.event.FailureKind;
import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.TaskBudget;
import dev.kaka.common.event.TaskCompleted;
import dev.kaka.common.event.TaskFailed;
import dev.kaka.common.event.Trigger;
import dev.kaka.common.event.TriggerKind;
import dev.kaka.taskstore.BudgetDocument;
import dev.kaka.taskstore.BudgetKey;
import dev.kaka.taskstore.BudgetScope;
import dev.kaka.taskstore.BudgetWindow;
import dev.kaka.testkit.mongo.MongoStandIn;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

/** What the task events spend of the budgets, on the MongoDB-wire stand-in. */
class BudgetStoreTest {

  private static final RepositoryRef REPO =
      new RepositoryRef("octo", "hello", "https://github.com/octo/hello.git", "main");
  private static final IssueRef ISSUE =
      new IssueRef(7, "Fix typo", "https://github.com/octo/hello/issues/7");
  private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
  private static final TaskBudget RESERVED = new TaskBudget(new BigDecimal("0.40"), T0, "alice");

  private static MongoClient client;
  private static MongoTemplate mongo;
  private static BudgetStore budgets;

  private final String taskId = UUID.randomUUID().toString();

  @BeforeAll
  static void connect() {
    client = MongoClients.create(MongoStandIn.shared().uri("budget-store-test"));
    mongo = new MongoTemplate(client, "budget-store-test");
    budgets = new BudgetStore(mongo);
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  @BeforeEach
  void empty() {
    mongo.dropCollection(BudgetDocument.class);
  }

  @Test
  void aFinishedRunCountsItsReportedCostOnceAndGivesBackItsReservation() {
    budgets.record(triggered());
    assertThat(repositoryToday().committed()).isEqualTo(400_000);

    budgets.record(completed(0.35));
    budgets.record(completed(0.35));

    for (BudgetKey key : BudgetKey.ofTask("octo/hello", "alice", T0)) {
      BudgetDocument document = mongo.findById(key.id(), BudgetDocument.class);
      assertThat(document.spent()).as(key.id()).isEqualTo(350_000);
      assertThat(document.committed()).as(key.id()).isEqualTo(350_000);
    }
  }

  @Test
  void aRunThatReportsNoCostCountsAtItsReservationAndARetryCountsAgain() {
    budgets.record(triggered());

    budgets.record(failed(1, true, 3, null, RESERVED));
    assertThat(repositoryToday().spent()).isEqualTo(400_000);
    assertThat(repositoryToday().committed()).isEqualTo(800_000);

    budgets.record(failed(2, false, 3, 0.10, RESERVED));
    assertThat(repositoryToday().spent()).isEqualTo(500_000);
    assertThat(repositoryToday().committed()).isEqualTo(500_000);
  }

  @Test
  void aTaskTheJanitorEndedCountsAtItsReservationFoundInTheBudgets() {
    budgets.record(triggered());

    budgets.record(
        new TaskFailed(
            1,
            taskId,
            "d-1",
            REPO,
            ISSUE,
            1,
            FailureKind.STUCK,
            "stuck",
            true,
            1,
            AgentReport.empty(),
            T0.plusSeconds(3600)));

    assertThat(repositoryToday().spent()).isEqualTo(400_000);
    assertThat(repositoryToday().committed()).isEqualTo(400_000);
  }

  @Test
  void aRebuildFromTheSameEventsWritesTheSameBudgets() {
    List.of(triggered(), completed(0.35)).forEach(budgets::record);
    BudgetDocument live = repositoryToday();

    mongo.dropCollection(BudgetDocument.class);
    List.of(triggered(), completed(0.35), triggered()).forEach(budgets::record);

    assertThat(repositoryToday()).isEqualTo(live);
  }

  @Test
  void aTriggerThatGaveABudgetsNoticeMarksThatBudgetAsWarnedAlsoInARebuild() {
    String noticed = BudgetKey.of(BudgetScope.REPOSITORY, "octo/hello", BudgetWindow.DAY, T0).id();
    IssueTriggered triggered =
        triggered()
            .withBudget(
                new TaskBudget(
                    new BigDecimal("0.40"), T0, "alice", "80 % spent", List.of(noticed)));

    // as a rebuild meets it: no document exists yet
    budgets.record(triggered);
    budgets.record(triggered);

    for (BudgetKey key : BudgetKey.ofTask("octo/hello", "alice", T0)) {
      BudgetDocument document = mongo.findById(key.id(), BudgetDocument.class);
      assertThat(Boolean.TRUE.equals(document.warned()))
          .as(key.id())
          .isEqualTo(key.id().equals(noticed));
    }
  }

  private BudgetDocument repositoryToday() {
    return mongo.findById(
        BudgetKey.of(BudgetScope.REPOSITORY, "octo/hello", BudgetWindow.DAY, T0).id(),
        BudgetDocument.class);
  }

  private IssueTriggered triggered() {
    return new IssueTriggered(
            1, taskId, "d-1", REPO, ISSUE, "", new Trigger(TriggerKind.LABEL, "alice", ""), 1, T0)
        .withBudget(RESERVED);
  }

  private TaskCompleted completed(double cost) {
    return new TaskCompleted(
        1,
        taskId,
        "d-1",
        REPO,
        ISSUE,
        "alice",
        1,
        "kaka/issue-7",
        "main",
        "abc",
        List.of("README.md"),
        new AgentReport("done", 2, cost, 1000L, "s-1"),
        T0.plusSeconds(60),
        null,
        null,
        RESERVED);
  }

  private TaskFailed failed(
      int attempt, boolean retryable, int maxAttempts, Double cost, TaskBudget budget) {
    return new TaskFailed(
        1,
        taskId,
        "d-1",
        REPO,
        ISSUE,
        attempt,
        FailureKind.AGENT_FAILED,
        "the agent failed",
        retryable,
        maxAttempts,
        new AgentReport("", null, cost, null, null),
        T0.plusSeconds(60 * attempt),
        budget);
  }
}
