package dev.kaka.notifier.projection;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Applies the task store's retention every hour, a minute after start-up first: to the finished
 * tasks, and to the budgets' windows that ended long ago. A scheduled delete rather than a TTL
 * index: the MongoDB-wire stand-in that the tests and the local mode run on has no TTL indexes, and
 * a TTL index could not take the task's transcript along. Each replica runs it; what one replica
 * deleted, the others find gone.
 */
@Component
class RetentionSchedule {

  private static final Logger log = LoggerFactory.getLogger(RetentionSchedule.class);

  private final ExpiredTasks expired;
  private final ExpiredBudgets expiredBudgets;
  private final Clock clock;

  RetentionSchedule(ExpiredTasks expired, ExpiredBudgets expiredBudgets, Clock clock) {
    this.expired = expired;
    this.expiredBudgets = expiredBudgets;
    this.clock = clock;
  }

  @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1H")
  void deleteExpired() {
    try {
      long deleted = expired.deleteAt(clock.instant());
      if (deleted > 0) {
        log.info("Deleted {} finished task(s) past kaka.tasks.retention", deleted);
      }
      long windows = expiredBudgets.deleteAt(clock.instant());
      if (windows > 0) {
        log.info("Deleted {} budget window(s) that ended before kaka.tasks.retention", windows);
      }
    } catch (DataAccessException unavailable) {
      log.warn(
          "Could not delete expired tasks, trying again in an hour: {}", unavailable.toString());
    }
  }
}
