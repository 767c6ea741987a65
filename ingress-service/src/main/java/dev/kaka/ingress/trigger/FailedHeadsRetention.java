package dev.kaka.ingress.trigger;

import dev.kaka.taskstore.TaskRetention;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Forgets the failed checks of head commits ({@link FailedHeads}) whose first failure is older than
 * the task store's retention ({@code kaka.tasks.retention}), every hour, a minute after start-up
 * first: the tasks of that time are being deleted too. A check that fails on such a head again
 * counts as its first failure. A scheduled delete rather than a TTL index, which the MongoDB-wire
 * stand-in of the tests and the local mode does not have; each replica runs it, and what one
 * deleted, the others find gone.
 */
@Component
class FailedHeadsRetention {

  private static final Logger log = LoggerFactory.getLogger(FailedHeadsRetention.class);

  private final FailedHeads heads;
  private final TaskRetention retention;
  private final Clock clock;

  FailedHeadsRetention(FailedHeads heads, TaskRetention retention, Clock clock) {
    this.heads = heads;
    this.retention = retention;
    this.clock = clock;
  }

  @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1H")
  Mono<Void> forgetExpired() {
    return heads
        .forgetFirstFailedBefore(clock.instant().minus(retention.retention()))
        .doOnNext(
            forgotten -> {
              if (forgotten > 0) {
                log.info(
                    "Forgot the failed checks of {} head commit(s) past kaka.tasks.retention",
                    forgotten);
              }
            })
        .onErrorResume(
            DataAccessException.class,
            unavailable -> {
              log.warn(
                  "Could not forget old failed checks, trying again in an hour: {}",
                  unavailable.toString());
              return Mono.empty();
            })
        .then();
  }
}
