package dev.kaka.notifier.janitor;

import dev.kaka.taskstore.TaskDocument;
import dev.kaka.taskstore.TaskFields;
import dev.kaka.taskstore.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/** The running tasks that a worker started longer ago than any run may take. */
final class StuckTasks {

  // bounds what one round holds in memory; the next round finds the rest
  private static final int BATCH = 100;

  private final MongoTemplate mongo;
  private final Duration longestRun;

  StuckTasks(MongoTemplate mongo, Duration longestRun) {
    this.mongo = mongo;
    this.longestRun = longestRun;
  }

  /** The tasks stuck at {@code now}, oldest start first. */
  List<TaskDocument> at(Instant now) {
    Query stuck =
        Query.query(
                Criteria.where(TaskFields.STATUS)
                    .is(TaskStatus.RUNNING)
                    .and(TaskFields.STARTED_AT)
                    .lt(now.minus(longestRun)))
            .with(Sort.by(TaskFields.STARTED_AT))
            .limit(BATCH);
    return mongo.find(stuck, TaskDocument.class);
  }

  /** The task {@code taskId} as projected now, or null. */
  TaskDocument find(String taskId) {
    return mongo.findById(taskId, TaskDocument.class);
  }
}
