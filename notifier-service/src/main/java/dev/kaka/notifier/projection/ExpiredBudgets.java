package dev.kaka.notifier.projection;

import dev.kaka.taskstore.BudgetDocument;
import dev.kaka.taskstore.TaskRetention;
import java.time.Instant;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

/**
 * Deletes the budgets' windows that {@link TaskRetention} lets go, as the notifier owns the {@value
 * BudgetDocument#COLLECTION} collection: the live notifier on a schedule ({@link
 * RetentionSchedule}), a rebuild once at its end ({@link ProjectionRebuild}). Only windows long
 * ended go, which no trigger reserves in any more.
 */
final class ExpiredBudgets {

  private final MongoTemplate mongo;
  private final TaskRetention retention;

  ExpiredBudgets(MongoTemplate mongo, TaskRetention retention) {
    this.mongo = mongo;
    this.retention = retention;
  }

  /** Deletes the windows expired at {@code now}; how many there were. */
  long deleteAt(Instant now) {
    return mongo
        .remove(Query.query(retention.budgetWindowsExpiredAt(now)), BudgetDocument.class)
        .getDeletedCount();
  }
}
