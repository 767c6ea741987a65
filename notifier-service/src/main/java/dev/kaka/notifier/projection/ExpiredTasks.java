package dev.kaka.notifier.projection;

import dev.kaka.taskstore.AuditDocument;
import dev.kaka.taskstore.AuditFields;
import dev.kaka.taskstore.TaskDocument;
import dev.kaka.taskstore.TaskFields;
import dev.kaka.taskstore.TaskRetention;
import dev.kaka.taskstore.TranscriptDocument;
import java.time.Instant;
import java.util.List;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * Deletes the finished tasks that {@link TaskRetention} lets go, with their transcripts and audit
 * trails: the live notifier on a schedule ({@link RetentionSchedule}), a rebuild once at its end
 * ({@link ProjectionRebuild}).
 */
final class ExpiredTasks {

  // bounds what one round holds in memory, as when a store that was never pruned is first pruned
  private static final int BATCH = 500;

  private final MongoTemplate mongo;
  private final TaskRetention retention;

  ExpiredTasks(MongoTemplate mongo, TaskRetention retention) {
    this.mongo = mongo;
    this.retention = retention;
  }

  /** Deletes what has expired at {@code now}; how many tasks that was. */
  long deleteAt(Instant now) {
    long deleted = 0;
    long round;
    do {
      round = deleteRound(now);
      deleted += round;
    } while (round == BATCH);
    return deleted;
  }

  private long deleteRound(Instant now) {
    List<String> ids = expiredIds(now);
    if (ids.isEmpty()) {
      return 0;
    }
    // transcripts and audits first: a task left without them is found again by the next round,
    // either left without its task never would be
    mongo.remove(Query.query(Criteria.where(TaskFields.ID).in(ids)), TranscriptDocument.class);
    mongo.remove(Query.query(Criteria.where(AuditFields.ID).in(ids)), AuditDocument.class);
    // the rule once more: a task triggered again meanwhile has not expired any more
    Criteria stillExpired =
        Criteria.where(TaskFields.ID).in(ids).andOperator(retention.expiredAt(now));
    return mongo.remove(Query.query(stillExpired), TaskDocument.class).getDeletedCount();
  }

  private List<String> expiredIds(Instant now) {
    Query expired = Query.query(retention.expiredAt(now)).limit(BATCH);
    expired.fields().include(TaskFields.ID);
    return mongo.find(expired, TaskDocument.class).stream().map(TaskDocument::id).toList();
  }
}
