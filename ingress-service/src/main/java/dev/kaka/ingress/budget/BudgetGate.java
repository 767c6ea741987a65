package dev.kaka.ingress.budget;

import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.TaskBudget;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TaskSettings;
import dev.kaka.common.event.TriggerRefused;
import dev.kaka.taskstore.BudgetDocument;
import dev.kaka.taskstore.BudgetKey;
import dev.kaka.taskstore.UsdMicros;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Lets a task into the queue only with a reservation from every budget that applies to it ({@code
 * kaka.budgets}): its cap, or what is left when less is. With nothing left in one of them the
 * trigger is refused, naming the budget, its spend and when it renews. The first task to see a
 * budget 80 % spent carries a notice for its status comment.
 */
@Component
public class BudgetGate {

  /** How often a reservation is tried again after other replicas took what it had read as left. */
  private static final int ATTEMPTS = 16;

  private final BudgetProperties properties;
  private final BudgetLedger ledger;
  private final Clock clock;

  BudgetGate(BudgetProperties properties, BudgetLedger ledger, Clock clock) {
    this.properties = properties;
    this.ledger = ledger;
    this.clock = clock;
  }

  /**
   * What to publish for {@code task}: exactly one of the task, with its reservation when a budget
   * applies, and the refusal of its trigger.
   */
  public record Admission(IssueTriggered task, TriggerRefused refusal) {}

  /** Reserves what {@code task} may spend, or refuses it. */
  public Mono<Admission> admit(IssueTriggered task) {
    Instant at = clock.instant();
    Map<BudgetKey, Long> limits = new LinkedHashMap<>();
    List<BudgetKey> all =
        BudgetKey.ofTask(task.repository().fullName(), task.trigger().requester(), at);
    all.forEach(
        key ->
            properties.limitOf(key).map(UsdMicros::of).ifPresent(limit -> limits.put(key, limit)));
    if (limits.isEmpty()) {
      return Mono.just(new Admission(task, null));
    }
    // the limited ones last: a reservation that fails elsewhere never holds a limit meanwhile
    List<BudgetKey> keys = all.stream().sorted(Comparator.comparing(limits::containsKey)).toList();
    return admit(task, keys, limits, at, ATTEMPTS);
  }

  private Mono<Admission> admit(
      IssueTriggered task,
      List<BudgetKey> keys,
      Map<BudgetKey, Long> limits,
      Instant at,
      int tries) {
    return ledger
        .read(keys)
        .flatMap(
            documents -> {
              List<BudgetStanding> standings = standings(limits, documents, at);
              Optional<BudgetStanding> spent =
                  standings.stream().filter(BudgetStanding::exhausted).findFirst();
              if (spent.isPresent()) {
                return Mono.just(new Admission(null, refusal(task, spent.get().refusal())));
              }
              long left =
                  standings.stream().mapToLong(BudgetStanding::leftMicros).min().orElseThrow();
              long amount = Math.min(capMicros(task), left);
              return reserveAll(task.taskId(), keys, limits, amount)
                  .flatMap(
                      reserved -> {
                        if (reserved) {
                          return noticed(standings)
                              .map(
                                  noticed ->
                                      new Admission(budgeted(task, amount, at, noticed), null));
                        }
                        if (tries > 1) {
                          return admit(task, keys, limits, at, tries - 1);
                        }
                        return Mono.error(
                            new IllegalStateException(
                                "Could not reserve a budget for task "
                                    + task.taskId()
                                    + ": other triggers kept taking what was left"));
                      });
            });
  }

  private static List<BudgetStanding> standings(
      Map<BudgetKey, Long> limits, Map<String, BudgetDocument> documents, Instant at) {
    List<BudgetStanding> standings = new ArrayList<>();
    limits.forEach(
        (key, limit) -> standings.add(BudgetStanding.of(key, limit, documents.get(key.id()), at)));
    return standings;
  }

  /**
   * Reserves {@code amount} in every budget document of the task, limited or not, so that the
   * notifier settles the same ones; takes back what it reserved when one no longer fits.
   */
  private Mono<Boolean> reserveAll(
      String taskId, List<BudgetKey> keys, Map<BudgetKey, Long> limits, long amount) {
    List<BudgetKey> done = new ArrayList<>();
    return Flux.fromIterable(keys)
        .concatMap(
            key ->
                ledger
                    .reserve(key, taskId, amount, limits.get(key))
                    .doOnNext(fits -> done.add(key)))
        .takeUntil(fits -> !fits)
        .all(fits -> fits)
        .flatMap(
            all -> {
              if (all) {
                return Mono.just(true);
              }
              done.remove(done.size() - 1);
              return Flux.fromIterable(done)
                  .concatMap(key -> ledger.undo(key, taskId, amount))
                  .then(Mono.just(false));
            });
  }

  /** The budgets 80 % spent whose notice no task has given yet, now claimed by this one. */
  private Mono<List<BudgetStanding>> noticed(List<BudgetStanding> standings) {
    return Flux.fromIterable(standings)
        .filter(BudgetStanding::nearlySpent)
        .concatMap(
            standing ->
                ledger.claimNotice(standing.key()).filter(first -> first).map(first -> standing))
        .collectList();
  }

  /**
   * The most one run of {@code task} may cost: its repository's {@code agent.max-budget-usd} when
   * lower than {@code kaka.budgets.run-cap-usd}.
   */
  private long capMicros(IssueTriggered task) {
    BigDecimal cap = properties.runCapUsd();
    TaskSettings settings = task.settings();
    BigDecimal own = settings == null ? null : settings.agentOrEmpty().maxBudgetUsd();
    if (own != null && own.signum() > 0 && own.compareTo(cap) < 0) {
      cap = own;
    }
    return UsdMicros.of(cap);
  }

  private static IssueTriggered budgeted(
      IssueTriggered task, long micros, Instant at, List<BudgetStanding> noticed) {
    return task.withBudget(
        new TaskBudget(
            UsdMicros.usd(micros),
            at,
            task.trigger().requester(),
            noticed.isEmpty()
                ? null
                : String.join("\n\n", noticed.stream().map(BudgetStanding::notice).toList()),
            noticed.stream().map(standing -> standing.key().id()).toList()));
  }

  private TriggerRefused refusal(IssueTriggered task, String reason) {
    return new TriggerRefused(
        TaskEvent.SCHEMA_VERSION,
        task.taskId(),
        task.deliveryId(),
        task.repository(),
        task.issue(),
        task.attempt(),
        task.trigger().requester(),
        reason,
        clock.instant());
  }
}
