package dev.kaka.worker.task;

import dev.kaka.common.event.IssueTriggered;
import dev.kaka.support.time.DurationText;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Whether a trigger is too old to run ({@code kaka.worker.max-trigger-age}). Every delivery is
 * judged by the trigger's own time, automatic retries included: their pauses are short against the
 * limit, and the retry topics keep their history too, which a group that lost its offsets would
 * replay as well. Who asks for a task again (the retry API, {@code /kaka}, {@code ./kaka
 * replay-dead-letters}) publishes it with a new time.
 */
final class TriggerAge {

  private final Duration maxAge;
  private final Clock clock;

  TriggerAge(Duration maxAge, Clock clock) {
    this.maxAge = maxAge;
    this.clock = clock;
  }

  /** Why the trigger is too old to run, if it is. */
  Optional<String> staleness(IssueTriggered task) {
    Duration age = Duration.between(task.occurredAt(), clock.instant());
    if (age.compareTo(maxAge) <= 0) {
      return Optional.empty();
    }
    return Optional.of(
        "The request is from "
            + task.occurredAt()
            + ", "
            + DurationText.of(age)
            + " before a worker took it: longer than the "
            + DurationText.of(maxAge)
            + " Kaka waits (`kaka.worker.max-trigger-age`), so it was not run. Kafka most likely"
            + " delivered it again from its history.");
  }
}
