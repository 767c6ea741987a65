package dev.kaka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.kaka.taskstore.BudgetDocument;
import dev.kaka.taskstore.BudgetKey;
import dev.kaka.taskstore.BudgetScope;
import dev.kaka.taskstore.BudgetWindow;
import dev.kaka.testkit.agent.StubAgent;
import dev.kaka.testkit.github.FakeComment;
import dev.kaka.testkit.github.FakeRepository;
import dev.kaka.testkit.mongo.MongoStandIn;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A repository with a budget of $1 a day ({@link RunningSystem#BUDGETED_REPOSITORY}), the stub
 * agent reporting fixed costs: tasks run until the dollar is spent, each run capped at what is
 * left, the 80 % notice comes once, the next trigger is refused with a comment, and the spend is
 * the same in the API and the gauges of two ingress replicas and in a projection rebuilt from the
 * topics. (The renewal at midnight and two ingress replicas reserving at once are in the ingress's
 * {@code BudgetGateTest}, on one JVM's clock.)
 */
class BudgetEndToEndTest {

  private static final String NAME = "octo/" + RunningSystem.BUDGETED_REPOSITORY;

  private final RunningSystem kaka = RunningSystem.get();

  @Test
  void tasksRunUntilTheDailyBudgetIsSpentThenTheNextTriggerIsRefused() throws Exception {
    FakeRepository repository =
        kaka.github.createRepository(
            "octo", RunningSystem.BUDGETED_REPOSITORY, "main", Map.of("README.md", "# budget\n"));

    // the whole dollar is left: the run may spend all of it, and spends 0.70
    run(repository, "First change", StubAgent.cost("0.70"));
    awaitSpent("0.70");

    // 0.30 is left: the run starts with --max-budget-usd 0.30
    Scenario second =
        run(repository, "Second change", StubAgent.cost("0.15") + " " + StubAgent.RECORD_ARGUMENTS);
    awaitSpent("0.85");
    String branch = second.tasks().get(0).path("branch").asString();
    List<String> arguments =
        kaka.github
            .file("octo", second.repo, branch, StubAgent.ARGUMENTS_FILE)
            .orElseThrow()
            .lines()
            .toList();
    assertThat(arguments).containsSubsequence("--max-budget-usd", "0.30");

    // 85 % is spent: the next task's status comment says so, once
    Scenario third = run(repository, "Third change", StubAgent.cost("0.15"));
    awaitSpent("1.00");
    assertThat(statusComment(third))
        .contains(
            "💰 The daily budget of the repository `" + NAME + "` is 85 % spent: $0.85 of $1.00.");

    // nothing is left: refused, with one comment naming the limit, the spend and the renewal
    Scenario fourth = new Scenario(kaka, repository, "Fourth change", "Do it.");
    JsonNode answer = fourth.send(fourth.labeled());
    assertThat(answer.path("status").asString()).isEqualTo("refused");
    String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> kaka.github.comments("octo", fourth.repo, fourth.issue.number()).size() == 1);
    assertThat(kaka.github.comments("octo", fourth.repo, fourth.issue.number()).get(0).body())
        .contains(
            "Kaka did not start: the daily budget of the repository `"
                + NAME
                + "` is used up: $1.00 of $1.00 spent. It renews at "
                + tomorrow
                + " 00:00 UTC");
    assertThat(fourth.tasks()).hasSize(3);

    JsonNode budget = budgetOfTheDay(LocalSettings.INGRESS);
    assertThat(budget.path("limitUsd").decimalValue()).isEqualByComparingTo("1");
    assertThat(budget.path("reservedUsd").decimalValue()).isEqualByComparingTo("0");
    assertThat(budget.path("leftUsd").decimalValue()).isEqualByComparingTo("0");
    theGaugesShow(LocalSettings.INGRESS, 1.0, 1.0);
    aSecondIngressShowsTheSame(budget);
    aRebuiltProjectionSpentTheSame();
  }

  private Scenario run(FakeRepository repository, String title, String markers) {
    Scenario scenario = new Scenario(kaka, repository, title, "Do it. " + markers);
    String taskId = scenario.trigger(scenario.labeled());
    scenario.awaitStatus(taskId, "completed");
    return scenario;
  }

  private void awaitSpent(String usd) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () ->
                assertThat(budgetOfTheDay(LocalSettings.INGRESS).path("spentUsd").decimalValue())
                    .isEqualByComparingTo(usd));
  }

  private JsonNode budgetOfTheDay(String ingress) {
    JsonNode budgets = kaka.budgets(ingress, "scope=repository&window=day");
    for (JsonNode budget : budgets) {
      if (budget.path("name").asString().equals(NAME)) {
        return budget;
      }
    }
    throw new AssertionError("no budget of " + NAME + " in " + budgets);
  }

  private String statusComment(Scenario scenario) {
    String taskId = scenario.tasks().get(0).path("id").asString();
    return kaka.github.comments("octo", scenario.repo, scenario.issue.number()).stream()
        .map(FakeComment::body)
        .filter(body -> body.contains("<!-- kaka-task:" + taskId + " -->"))
        .findFirst()
        .orElseThrow();
  }

  private void theGaugesShow(String ingress, double spent, double limit) {
    Map<String, String> labels = Map.of("scope", "repository", "name", NAME, "window", "day");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              PrometheusScrape scrape = PrometheusScrape.of(kaka.system.service(ingress));
              assertThat(scrape.sum("kaka_budget_spent_usd", labels)).isEqualTo(spent);
              assertThat(scrape.sum("kaka_budget_limit_usd", labels)).isEqualTo(limit);
            });
  }

  /**
   * A replica started now, on the same broker and database, has nothing in memory to go by: it
   * shows what the database holds, as the first ingress does.
   */
  private void aSecondIngressShowsTheSame(JsonNode budget) {
    String replica = kaka.system.addIngress();
    try {
      assertThat(budgetOfTheDay(replica)).isEqualTo(budget);
      theGaugesShow(replica, 1.0, 1.0);
    } finally {
      kaka.system.stop(replica);
    }
  }

  private void aRebuiltProjectionSpentTheSame() {
    String rebuilt = "kaka-e2e-budgets-" + UUID.randomUUID().toString().substring(0, 8);
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    int code =
        RunningSystem.rebuildProjection(
            rebuilt, new PrintStream(said, true, StandardCharsets.UTF_8));
    assertThat(code).as(said.toString(StandardCharsets.UTF_8)).isZero();
    try (MongoClient client = MongoClients.create(MongoStandIn.shared().uri(rebuilt))) {
      String id = BudgetKey.of(BudgetScope.REPOSITORY, NAME, BudgetWindow.DAY, Instant.now()).id();
      BudgetDocument live =
          new MongoTemplate(client, RunningSystem.DATABASE).findById(id, BudgetDocument.class);
      BudgetDocument again = new MongoTemplate(client, rebuilt).findById(id, BudgetDocument.class);
      assertThat(again.spent()).isEqualTo(live.spent()).isEqualTo(1_000_000);
      assertThat(again.committed()).isEqualTo(live.committed()).isEqualTo(1_000_000);
      assertThat(again.charges()).isEqualTo(live.charges());
      // the 80 % notice was given: a rebuilt projection does not give it again
      assertThat(again.warned()).isEqualTo(live.warned()).isTrue();
    }
  }
}
