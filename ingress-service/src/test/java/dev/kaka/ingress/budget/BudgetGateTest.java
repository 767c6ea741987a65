package dev.kaka.ingress.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.TaskBudget;
import dev.kaka.common.event.TaskSettings;
import dev.kaka.common.event.Trigger;
import dev.kaka.common.event.TriggerKind;
import dev.kaka.ingress.budget.BudgetGate.Admission;
import dev.kaka.taskstore.BudgetDocument;
import dev.kaka.taskstore.BudgetFields;
import dev.kaka.taskstore.BudgetKey;
import dev.kaka.taskstore.BudgetScope;
import dev.kaka.taskstore.BudgetWindow;
import dev.kaka.testkit.mongo.MongoStandIn;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The intake's reservations against a repository with a $1 daily budget, on the Mongo stand-in:
 * what a task may spend, the refusal once nothing is left, the renewal at midnight UTC, the 80 %
 * notice, and two ingress replicas (each with its own connection) that cannot overspend together.
 */
class BudgetGateTest {

  private static final String DATABASE = "budget-gate-test";
  private static final Instant DAY_ONE = Instant.parse("2026-12-03T22:00:00Z");
  private static final BudgetProperties ONE_DOLLAR_A_DAY =
      new BudgetProperties(
          new BigDecimal("0.40"),
          List.of(
              new BudgetProperties.Limit(
                  null, "octo/budgeted", null, new BigDecimal("1.00"), null)));

  private static MongoClient firstClient;
  private static MongoClient secondClient;
  private static ReactiveMongoTemplate first;
  private static ReactiveMongoTemplate second;

  private final MovableClock clock = new MovableClock(DAY_ONE);
  private final BudgetGate gate = gate(first);

  @BeforeAll
  static void connect() {
    firstClient = MongoClients.create(MongoStandIn.shared().uri(DATABASE));
    secondClient = MongoClients.create(MongoStandIn.shared().uri(DATABASE));
    first = new ReactiveMongoTemplate(firstClient, DATABASE);
    second = new ReactiveMongoTemplate(secondClient, DATABASE);
  }

  @AfterAll
  static void disconnect() {
    firstClient.close();
    secondClient.close();
  }

  @BeforeEach
  void empty() {
    first.dropCollection(BudgetDocument.class).block();
  }

  @Test
  void tasksReserveTheirCapUntilTheBudgetIsGoneThenTheTriggerIsRefused() {
    assertThat(reserved(gate.admit(task("octo/budgeted")).block())).isEqualByComparingTo("0.40");
    assertThat(reserved(gate.admit(task("octo/budgeted")).block())).isEqualByComparingTo("0.40");
    // less is left than a run's cap: the run may spend what is left, no more
    assertThat(reserved(gate.admit(task("octo/budgeted")).block())).isEqualByComparingTo("0.20");

    Admission refused = gate.admit(task("octo/budgeted")).block();

    assertThat(refused.task()).isNull();
    assertThat(refused.refusal().reason())
        .isEqualTo(
            "the daily budget of the repository `octo/budgeted` is used up: $0.00 of $1.00 spent"
                + " and $1.00 reserved by tasks in progress. It renews at 2026-12-04 00:00 UTC");
    assertThat(refused.refusal().requester()).isEqualTo("alice");
  }

  @Test
  void theBudgetRenewsAtTheWindowsEnd() {
    spend("octo/budgeted", DAY_ONE, "1.00");
    assertThat(gate.admit(task("octo/budgeted")).block().refusal()).isNotNull();

    clock.set(Instant.parse("2026-12-04T00:00:00Z"));

    Admission next = gate.admit(task("octo/budgeted")).block();
    assertThat(next.refusal()).isNull();
    assertThat(next.task().budget().reservedAt()).isEqualTo(clock.instant());
    assertThat(reserved(next)).isEqualByComparingTo("0.40");
  }

  @Test
  void aTaskOfARepositoryWithALowerCapReservesThatCap() {
    IssueTriggered cheap =
        task("octo/budgeted")
            .withSettings(
                TaskSettings.of(
                    null, new TaskSettings.Agent(null, null, new BigDecimal("0.25"), null, null)));

    assertThat(reserved(gate.admit(cheap).block())).isEqualByComparingTo("0.25");
  }

  @Test
  void aTaskNoBudgetAppliesToIsQueuedAsItCame() {
    IssueTriggered free = task("octo/free");

    assertThat(gate.admit(free).block().task()).isSameAs(free);
    assertThat(first.findAll(BudgetDocument.class).collectList().block()).isEmpty();
  }

  @Test
  void theFirstTaskToSeeTheBudget80PercentSpentCarriesTheNoticeAndOnlyIt() {
    spend("octo/budgeted", DAY_ONE, "0.80");

    Admission noticed = gate.admit(task("octo/budgeted")).block();
    Admission next = gate.admit(task("octo/budgeted")).block();

    assertThat(noticed.task().budget().notice())
        .isEqualTo(
            "The daily budget of the repository `octo/budgeted` is 80 % spent: $0.80 of $1.00."
                + " It renews at 2026-12-04 00:00 UTC; once it is spent, Kaka starts no new task.");
    assertThat(noticed.task().budget().noticed())
        .containsExactly(
            BudgetKey.of(BudgetScope.REPOSITORY, "octo/budgeted", BudgetWindow.DAY, DAY_ONE).id());
    assertThat(reserved(noticed)).isEqualByComparingTo("0.20");
    assertThat(next.refusal()).isNotNull();
  }

  @Test
  void twoIngressReplicasTogetherNeverReserveMoreThanIsLeft() {
    BudgetGate other = gate(second);
    List<IssueTriggered> tasks = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      tasks.add(task("octo/budgeted"));
    }

    List<Admission> admissions =
        Flux.fromIterable(tasks)
            .index()
            .flatMap(
                indexed ->
                    (indexed.getT1() % 2 == 0 ? gate : other)
                        .admit(indexed.getT2())
                        .subscribeOn(Schedulers.parallel()),
                12)
            .collectList()
            .block();

    BigDecimal total =
        admissions.stream()
            .filter(admission -> admission.task() != null)
            .map(BudgetGateTest::reserved)
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(total).isEqualByComparingTo("1.00");
    assertThat(admissions).filteredOn(admission -> admission.refusal() != null).isNotEmpty();
    // both replicas read the same document
    String id =
        BudgetKey.of(BudgetScope.REPOSITORY, "octo/budgeted", BudgetWindow.DAY, DAY_ONE).id();
    assertThat(first.findById(id, BudgetDocument.class).block().committed())
        .isEqualTo(second.findById(id, BudgetDocument.class).block().committed())
        .isEqualTo(1_000_000L);
  }

  private BudgetGate gate(ReactiveMongoTemplate mongo) {
    return new BudgetGate(ONE_DOLLAR_A_DAY, new BudgetLedger(mongo), clock);
  }

  /** As the notifier charges a finished run. */
  private static void spend(String repository, Instant at, String usd) {
    long micros = new BigDecimal(usd).movePointRight(6).longValueExact();
    String id = BudgetKey.of(BudgetScope.REPOSITORY, repository, BudgetWindow.DAY, at).id();
    first
        .upsert(
            Query.query(Criteria.where(BudgetFields.ID).is(id)),
            new Update()
                .inc(BudgetFields.SPENT, micros)
                .inc(BudgetFields.COMMITTED, micros)
                .set(BudgetFields.SCOPE, "repository")
                .set(BudgetFields.NAME, repository)
                .set(BudgetFields.WINDOW, "day")
                .set(BudgetFields.PERIOD, BudgetWindow.DAY.period(at)),
            BudgetDocument.class)
        .block();
  }

  private static BigDecimal reserved(Admission admission) {
    TaskBudget budget = admission.task().budget();
    return budget.reservedUsd();
  }

  private static IssueTriggered task(String repository) {
    String[] ownerAndName = repository.split("/");
    return new IssueTriggered(
        1,
        UUID.randomUUID().toString(),
        UUID.randomUUID().toString(),
        new RepositoryRef(
            ownerAndName[0], ownerAndName[1], "https://github.com/" + repository + ".git", "main"),
        new IssueRef(7, "Fix the typo", "https://github.com/" + repository + "/issues/7"),
        "",
        new Trigger(TriggerKind.LABEL, "alice", ""),
        1,
        DAY_ONE);
  }

  /** A clock a test moves on. */
  private static final class MovableClock extends Clock {

    private final AtomicReference<Instant> now;

    MovableClock(Instant start) {
      now = new AtomicReference<>(start);
    }

    void set(Instant instant) {
      now.set(instant);
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
