package dev.kaka.worker.task;

import dev.kaka.common.Topics;
import dev.kaka.support.kafka.DeadLetterReasons;
import dev.kaka.support.kafka.DeadLetterTemplates;
import dev.kaka.support.kafka.TopicProperties;
import java.util.List;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.retrytopic.RetryTopicConfiguration;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationBuilder;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationSupport;
import org.springframework.kafka.retrytopic.RetryTopicSchedulerWrapper;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Retries and dead letters of the worker, with spring-kafka's retry topics. A retryable failure (or
 * an outcome Kafka would not take) sends the task to {@code kaka.issue-triggered-worker-retry-N},
 * delivered again after an exponential pause, up to {@code kaka.worker.max-retries} times. A record
 * that cannot be run (unreadable, a newer schema version) or whose retries are spent goes to
 * {@value Topics#ISSUE_TRIGGERED_DEAD_LETTERS}, with the reason in its headers, and the partition
 * moves on. {@code ./kaka replay-dead-letters} publishes dead letters again.
 *
 * <p>A task the worker's shutdown abandoned ({@link TaskAbandonedException}) goes to neither: it is
 * a "blocking retry", which seeks back to the record instead of committing it. The listeners are
 * paused by then (see {@link WorkerShutdown}), so the record is not run again here; the consumer
 * closes with it uncommitted, and the replica that gets the partition next runs it, as the same
 * attempt, since it did not fail.
 */
@Configuration(proxyBeanMethods = false)
class TaskRetryConfiguration extends RetryTopicConfigurationSupport {

  static final String RETRY_SUFFIX = "-worker-retry";
  private static final long MAX_BACK_OFF_MS = 600_000;

  @Bean
  RetryTopicConfiguration taskRetryTopics(
      WorkerProperties worker, TopicProperties topics, KafkaProperties kafka) {
    long initial = worker.retryBackOff().toMillis();
    return RetryTopicConfigurationBuilder.newInstance()
        .includeTopic(Topics.ISSUE_TRIGGERED)
        .maxAttempts(worker.maxRetries() + 1)
        .exponentialBackoff(initial, 2.0, Math.max(initial, MAX_BACK_OFF_MS))
        .retryOn(List.of(RetryableTaskFailure.class, OutcomeNotPublishedException.class))
        .traversingCauses()
        .retryTopicSuffix(RETRY_SUFFIX)
        .dltSuffix(Topics.WORKER_DEAD_LETTER_SUFFIX)
        .suffixTopicsWithIndexValues()
        .autoCreateTopicsWith(topics.partitions(), topics.replicationFactor())
        .create(DeadLetterTemplates.create(kafka));
  }

  /**
   * Resumes a retry topic's partition when its record is due: what spring-kafka registers itself
   * unless its retry-topic configuration is extended, as here.
   */
  @Bean
  RetryTopicSchedulerWrapper retryTopicScheduler() {
    return new RetryTopicSchedulerWrapper(new ThreadPoolTaskScheduler());
  }

  /** The dead letters' reason header names the cause, such as why a record could not be read. */
  @Override
  protected void configureCustomizers(CustomizersConfigurer customizers) {
    customizers.customizeDeadLetterPublishingRecoverer(DeadLetterReasons::explaining);
  }

  @Override
  protected void configureBlockingRetries(BlockingRetriesConfigurer blockingRetries) {
    blockingRetries
        .retryOn(TaskAbandonedException.class)
        .backOff(new FixedBackOff(0, FixedBackOff.UNLIMITED_ATTEMPTS));
  }
}
