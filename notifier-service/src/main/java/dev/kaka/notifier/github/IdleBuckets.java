package dev.kaka.notifier.github;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes the write budgets ({@link MongoBucketStates}) that no notifier has written for a day,
 * every hour, a minute after start-up first. A budget refills within its hour ({@link
 * GitHubPacingProperties}), so one untouched for a day is full, and the next write starts a full
 * one all the same: what goes is the budgets of installations that stopped writing, and of pacing
 * settings changed since (each setting keeps its own). A scheduled delete rather than a TTL index,
 * which the MongoDB-wire stand-in of the tests and the local mode does not have; it runs whether or
 * not writes are paced, so that turning pacing off leaves nothing behind.
 */
@Component
class IdleBuckets {

  /** How long a budget is kept after its last write: longer than any budget takes to refill. */
  static final Duration IDLE = Duration.ofDays(1);

  private static final Logger log = LoggerFactory.getLogger(IdleBuckets.class);

  private final MongoTemplate mongo;
  private final Clock clock;

  IdleBuckets(MongoTemplate mongo, Clock clock) {
    this.mongo = mongo;
    this.clock = clock;
  }

  @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1H")
  void deleteIdle() {
    try {
      long deleted =
          mongo
              .remove(
                  query(
                      where(MongoBucketStates.TOUCHED_AT)
                          .lt(Date.from(clock.instant().minus(IDLE)))),
                  MongoBucketStates.COLLECTION)
              .getDeletedCount();
      if (deleted > 0) {
        log.info("Deleted {} GitHub write budget(s) idle for a day", deleted);
      }
    } catch (DataAccessException unavailable) {
      log.warn(
          "Could not delete idle GitHub write budgets, trying again in an hour: {}",
          unavailable.toString());
    }
  }
}
