package dev.kaka.worker.task;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The cancellations this worker has heard of, and the tasks it is running, so that a request stops
 * a running task at once and a queued one before it starts. The worker's shutdown stops running
 * tasks the same way once its grace is over ({@link #abandonAll()}).
 */
@Component
class Cancellations {

  // a task is cancelled for good; a week covers any queue Kaka should ever have
  private final Cache<String, String> requesters =
      Caffeine.newBuilder().expireAfterWrite(Duration.ofDays(7)).maximumSize(100_000).build();
  private final Map<String, Thread> running = new ConcurrentHashMap<>();
  private volatile boolean abandoning;

  /**
   * Records the request for one attempt (a retry after a cancellation is a new attempt, which runs)
   * and interrupts the task's thread if this worker runs that attempt.
   */
  void request(String taskId, int attempt, String requester) {
    requesters.put(key(taskId, attempt), requester);
    Thread runner = running.get(key(taskId, attempt));
    if (runner != null) {
      runner.interrupt();
    }
  }

  /** Who asked to cancel this attempt of the task, if anyone did. */
  Optional<String> requester(String taskId, int attempt) {
    return Optional.ofNullable(requesters.getIfPresent(key(taskId, attempt)));
  }

  /**
   * Stops every task running now or starting from now on, for the shutdown: they end without an
   * outcome, to be run again by another worker.
   */
  void abandonAll() {
    abandoning = true;
    running.values().forEach(Thread::interrupt);
  }

  /** Whether the worker is shutting down and abandons its tasks. */
  boolean abandoning() {
    return abandoning;
  }

  /** The tasks running now, as {@code taskId#attempt}. */
  Set<String> running() {
    return Set.copyOf(running.keySet());
  }

  void started(String taskId, int attempt, Thread runner) {
    running.put(key(taskId, attempt), runner);
  }

  /** The task's thread no longer runs it; an interrupt meant for the task is cleared. */
  void finished(String taskId, int attempt) {
    running.remove(key(taskId, attempt));
    Thread.interrupted();
  }

  private static String key(String taskId, int attempt) {
    return taskId + "#" + attempt;
  }
}
