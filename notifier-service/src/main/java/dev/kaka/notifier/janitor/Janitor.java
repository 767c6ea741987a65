package dev.kaka.notifier.janitor;

import dev.kaka.common.event.TaskFailed;
import dev.kaka.taskstore.TaskDocument;
import dev.kaka.taskstore.TaskStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Fails the tasks that would otherwise stay running for ever, as Prow's sinker does: a task whose
 * worker died for good, or whose outcome could not be published (its trigger then ends in the
 * worker's dead letters), never reports again. Left running, it would absorb the issue's later
 * triggers, and could be neither cancelled nor retried. Every {@code kaka.janitor.period}, the
 * replica holding the {@link JanitorLease} publishes a {@code STUCK} failure for each task running
 * longer than {@code kaka.janitor.longest-run}, and for each unfinished task whose current
 * attempt's trigger a worker dead-lettered ({@link DeadLetterListener}), started or not; the
 * notifier's listener then projects and reports it like any failure. A task that is only queued is
 * otherwise left alone: the workers fail triggers that waited too long.
 */
class Janitor implements SchedulingConfigurer {

  private static final Logger log = LoggerFactory.getLogger(Janitor.class);

  private final JanitorLease lease;
  private final StuckTasks stuckTasks;
  private final DeadLetters deadLetters;
  private final FailurePublisher publisher;
  private final JanitorProperties properties;
  private final Clock clock;
  // what this replica failed and the projection does not show yet (its listener may lag, say while
  // GitHub is down): published once, not every round
  private final Set<String> published = ConcurrentHashMap.newKeySet();

  Janitor(
      JanitorLease lease,
      StuckTasks stuckTasks,
      DeadLetters deadLetters,
      FailurePublisher publisher,
      JanitorProperties properties,
      Clock clock) {
    this.lease = lease;
    this.stuckTasks = stuckTasks;
    this.deadLetters = deadLetters;
    this.publisher = publisher;
    this.properties = properties;
    this.clock = clock;
  }

  @Override
  public void configureTasks(ScheduledTaskRegistrar registrar) {
    registrar.addFixedDelayTask(
        new FixedDelayTask(this::sweep, properties.period(), properties.period()));
  }

  /** One round: fails what is stuck now, if this replica holds the lease. */
  void sweep() {
    Instant now = clock.instant();
    try {
      if (lease.acquire(now)) {
        failStuck(now);
        failDeadLettered(now);
      }
    } catch (RuntimeException unavailable) {
      // MongoDB or Kafka: what this round did not fail, the next one finds again
      log.warn(
          "The janitor could not finish its round, trying again in {}: {}",
          properties.period(),
          unavailable.toString());
    }
  }

  private void failStuck(Instant now) {
    List<TaskDocument> stuck = stuckTasks.at(now);
    published.retainAll(stuck.stream().map(Janitor::key).collect(Collectors.toSet()));
    for (TaskDocument task : stuck) {
      if (!published.contains(key(task))) {
        fail(task, now);
      }
    }
  }

  private void fail(TaskDocument task, Instant now) {
    TaskFailed failed = StuckFailure.runningTooLong(task, properties.longestRun(), now);
    publish(task, failed);
  }

  /**
   * Fails the unfinished tasks whose current attempt's trigger was dead-lettered, and forgets the
   * dead letters whose task has moved on. Failing one whose start or outcome the projection has not
   * read yet is safe: the janitor's failure lands behind them in the task's partition, and an
   * outcome already there outranks it. A dead letter whose task the projection does not show yet is
   * kept for a later round, up to the longest run.
   */
  private void failDeadLettered(Instant now) {
    for (DeadLetter deadLetter : deadLetters.oldest()) {
      TaskDocument task = stuckTasks.find(deadLetter.taskId());
      if (isWedgedBy(task, deadLetter)) {
        if (!published.contains(key(task))) {
          publish(task, StuckFailure.deadLettered(task, deadLetter.reason(), now));
        }
        deadLetters.remove(deadLetter);
      } else if (hasMovedOn(task, deadLetter)
          || deadLetter.deadLetteredAt().isBefore(now.minus(properties.longestRun()))) {
        deadLetters.remove(deadLetter);
      }
    }
  }

  private static boolean isWedgedBy(TaskDocument task, DeadLetter deadLetter) {
    return task != null
        && (task.status() == TaskStatus.QUEUED || task.status() == TaskStatus.RUNNING)
        && attempt(task) == deadLetter.attempt();
  }

  private static boolean hasMovedOn(TaskDocument task, DeadLetter deadLetter) {
    return task != null
        && ((task.status() != null && task.status().isFinished())
            || attempt(task) > deadLetter.attempt());
  }

  private static int attempt(TaskDocument task) {
    return task.attempt() == null ? 1 : task.attempt();
  }

  private void publish(TaskDocument task, TaskFailed failed) {
    publisher.publish(failed);
    published.add(key(task));
    log.warn(
        "Task {} on {} #{} was still running (attempt {}, started {}): failed it as {}: {}",
        task.id(),
        task.repository(),
        task.issueNumber(),
        failed.attempt(),
        task.startedAt(),
        failed.failure(),
        failed.message());
  }

  private static String key(TaskDocument task) {
    return task.id() + "#" + task.attempt();
  }
}
