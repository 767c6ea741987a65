package dev.kaka.notifier.projection;

import dev.kaka.taskstore.BudgetDocument;
import dev.kaka.taskstore.BudgetFields;
import dev.kaka.taskstore.TaskDocument;
import dev.kaka.taskstore.TaskIndexes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Creates the task store's indexes ({@link TaskIndexes}, and the budgets' {@link
 * BudgetFields#indexes()}) as soon as MongoDB answers: at start-up, else once a minute until it
 * does. The notifier owns the collection, so its indexes are created here; a MongoDB that is down
 * at start-up leaves the notifier running and not ready, as any MongoDB outage does, rather than
 * failing the start.
 */
@Component
class TaskIndexCreation {

  private static final Logger log = LoggerFactory.getLogger(TaskIndexCreation.class);

  private final MongoTemplate mongo;
  private volatile boolean created;

  TaskIndexCreation(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  @Scheduled(fixedDelayString = "PT1M")
  void createOnce() {
    if (created) {
      return;
    }
    try {
      TaskIndexes.ensure(mongo.indexOps(TaskDocument.class));
      BudgetFields.indexes().forEach(mongo.indexOps(BudgetDocument.class)::createIndex);
      created = true;
    } catch (DataAccessException unavailable) {
      log.warn("Could not create the task store's indexes yet: {}", unavailable.toString());
    }
  }
}
