package dev.kaka.worker.task;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * A worker asked to stop (SIGTERM, a pod being deleted) lets its running tasks finish. It takes no
 * more work at once: the task listeners pause, which keeps their partitions here until the process
 * leaves, so the other replicas carry on without waiting for a rebalance. Then it waits up to
 * {@code kaka.worker.shutdown-grace} for the running tasks to publish their outcomes. Past that it
 * abandons them: each agent's process tree is killed and the task ends without an outcome, its
 * record uncommitted (see {@link TaskRetryConfiguration}), for another worker to run again. It
 * stops before the listener containers (a higher phase stops first), while the producer is there.
 */
@Component
class WorkerShutdown implements SmartLifecycle {

  /** How long killing abandoned agents may take: their kill grace and a forced kill's wait. */
  private static final Duration ABANDON_WAIT = Duration.ofSeconds(20);

  private static final Logger log = LoggerFactory.getLogger(WorkerShutdown.class);
  private static final long POLL_MILLIS = 100;

  private final KafkaListenerEndpointRegistry registry;
  private final Cancellations cancellations;
  private final WorkerProperties worker;
  private volatile boolean running;

  WorkerShutdown(
      KafkaListenerEndpointRegistry registry,
      Cancellations cancellations,
      WorkerProperties worker) {
    this.registry = registry;
    this.cancellations = cancellations;
    this.worker = worker;
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    List<MessageListenerContainer> tasks =
        registry.getAllListenerContainers().stream()
            .filter(container -> !CancelRequestListener.ID.equals(container.getListenerId()))
            .toList();
    tasks.forEach(MessageListenerContainer::pause);
    log.info(
        "Shutting down: taking no more tasks; waiting up to {} for {}",
        worker.shutdownGrace(),
        cancellations.running().isEmpty() ? "none running" : cancellations.running());
    if (!awaitIdle(tasks, worker.shutdownGrace())) {
      log.warn(
          "Tasks {} still run after the shutdown grace of {}: stopping them, to be run"
              + " again by another worker",
          cancellations.running(),
          worker.shutdownGrace());
      cancellations.abandonAll();
      if (!awaitIdle(tasks, ABANDON_WAIT)) {
        log.warn("Tasks {} did not stop within {}", cancellations.running(), ABANDON_WAIT);
      }
    }
    running = false;
  }

  /** Waits until no task listener runs a record; returns whether that happened in time. */
  private static boolean awaitIdle(List<MessageListenerContainer> containers, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (!containers.stream().allMatch(WorkerShutdown::idle)) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /**
   * A consumer is idle once it paused, which it does between records; one without partitions never
   * pauses, but has no record to run either.
   */
  private static boolean idle(MessageListenerContainer container) {
    if (container instanceof ConcurrentMessageListenerContainer<?, ?> concurrent) {
      return concurrent.getContainers().stream().allMatch(WorkerShutdown::idle);
    }
    Collection<TopicPartition> partitions = container.getAssignedPartitions();
    return !container.isRunning()
        || container.isContainerPaused()
        || partitions == null
        || partitions.isEmpty();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return AbstractMessageListenerContainer.DEFAULT_PHASE + 1;
  }
}
