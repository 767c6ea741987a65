package dev.kaka.notifier.projection;

import static dev.kaka.taskstore.BudgetFields.CHARGES;
import static dev.kaka.taskstore.BudgetFields.COMMITTED;
import static dev.kaka.taskstore.BudgetFields.ID;
import static dev.kaka.taskstore.BudgetFields.NAME;
import static dev.kaka.taskstore.BudgetFields.PERIOD;
import static dev.kaka.taskstore.BudgetFields.RELEASES;
import static dev.kaka.taskstore.BudgetFields.RESERVATIONS;
import static dev.kaka.taskstore.BudgetFields.SCOPE;
import static dev.kaka.taskstore.BudgetFields.SPENT;
import static dev.kaka.taskstore.BudgetFields.WARNED;
import static dev.kaka.taskstore.BudgetFields.WINDOW;

import dev.kaka.common.event.FailureKind;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.TaskBudget;
import dev.kaka.common.event.TaskCancelled;
import dev.kaka.common.event.TaskCompleted;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TaskFailed;
import dev.kaka.taskstore.BudgetDocument;
import dev.kaka.taskstore.BudgetKey;
import dev.kaka.taskstore.UsdMicros;
import java.math.BigDecimal;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Writes the budgets ({@link BudgetDocument}) from the task events, so that what is spent is the
 * same for every reader and after a rebuild of the projection: a trigger's reservation (which the
 * ingress made already, unless this is a rebuild), each finished run's reported cost, or its
 * reservation when it reports none (killed, timed out, cancelled, stuck), and the reservation's
 * release when the task ends. Each happens once per document, remembered there by task or run. A
 * trigger that carries a budget's 80 % notice marks that budget as having given it, as the ingress
 * did when it gave the notice, so that a rebuilt projection does not give it again.
 */
@Component
public class BudgetStore {

  private final MongoTemplate mongo;

  public BudgetStore(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  /** Records what {@code event} changes in its task's budgets. */
  public void record(TaskEvent event) {
    if (event instanceof IssueTriggered triggered && triggered.budget() != null) {
      reserve(triggered);
    } else if (event instanceof TaskCompleted completed) {
      settle(event, completed.budget(), completed.agent().costUsd(), true);
    } else if (event instanceof TaskFailed failed) {
      settle(event, failed.budget(), failed.agent().costUsd(), !failed.willRetry());
    } else if (event instanceof TaskCancelled cancelled) {
      // the worker does not say whether the agent ran: counted as if it had been stopped
      settle(event, cancelled.budget(), null, true);
    }
  }

  private void reserve(IssueTriggered triggered) {
    long micros = UsdMicros.of(triggered.budget().reservedUsd());
    for (BudgetKey key : keys(triggered, triggered.budget())) {
      applyOnce(
          key.id(),
          RESERVATIONS + "." + triggered.taskId(),
          describe(key)
              .inc(COMMITTED, micros)
              .set(RESERVATIONS + "." + triggered.taskId(), micros));
    }
    for (String noticed : triggered.budget().noticed()) {
      mongo.updateFirst(
          Query.query(Criteria.where(ID).is(noticed)),
          new Update().set(WARNED, true),
          BudgetDocument.class);
    }
  }

  /**
   * Charges the run's cost, or its reservation when it reports none, and releases the reservation
   * once the task {@code ends}.
   */
  private void settle(TaskEvent event, TaskBudget budget, Double costUsd, boolean ends) {
    for (Held held : held(event, budget)) {
      long charge =
          costUsd == null ? held.reservedMicros() : UsdMicros.of(BigDecimal.valueOf(costUsd));
      String run = event.taskId() + ":" + event.attempt();
      applyOnce(
          held.id(),
          CHARGES + "." + run,
          new Update().inc(SPENT, charge).inc(COMMITTED, charge).set(CHARGES + "." + run, charge));
      if (ends) {
        applyOnce(
            held.id(),
            RELEASES + "." + event.taskId(),
            new Update()
                .inc(COMMITTED, -held.reservedMicros())
                .set(RELEASES + "." + event.taskId(), held.reservedMicros()));
      }
    }
  }

  /**
   * The budgets the task counts in, with what it reserved in each. A task the janitor ended carries
   * no budget in its failure (the janitor never saw its trigger): its reservations are looked up.
   */
  private List<Held> held(TaskEvent event, TaskBudget budget) {
    if (budget != null) {
      long micros = UsdMicros.of(budget.reservedUsd());
      return keys(event, budget).stream().map(key -> new Held(key.id(), micros)).toList();
    }
    if (!(event instanceof TaskFailed failed) || failed.failure() != FailureKind.STUCK) {
      return List.of();
    }
    String reservation = RESERVATIONS + "." + event.taskId();
    return mongo
        .find(Query.query(Criteria.where(reservation).exists(true)), BudgetDocument.class)
        .stream()
        .map(found -> new Held(found.id(), found.reservations().get(event.taskId())))
        .toList();
  }

  private static List<BudgetKey> keys(TaskEvent event, TaskBudget budget) {
    return BudgetKey.ofTask(event.repository().fullName(), budget.requester(), budget.reservedAt());
  }

  /** Applies {@code update} to document {@code id} unless it holds {@code marker} already. */
  private void applyOnce(String id, String marker, Update update) {
    try {
      mongo.upsert(
          Query.query(Criteria.where(ID).is(id).and(marker).exists(false)),
          update,
          BudgetDocument.class);
    } catch (DuplicateKeyException appliedAlready) {
      // the document exists and holds the marker: the event came before
    }
  }

  private static Update describe(BudgetKey key) {
    return new Update()
        .set(SCOPE, key.scope().storedName())
        .set(NAME, key.name())
        .set(WINDOW, key.window().storedName())
        .set(PERIOD, key.period());
  }

  /** A budget document and what the task reserved in it. */
  private record Held(String id, long reservedMicros) {}
}
