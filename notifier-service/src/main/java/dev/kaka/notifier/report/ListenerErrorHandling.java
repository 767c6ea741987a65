package dev.kaka.notifier.report;

import dev.kaka.common.Topics;
import dev.kaka.common.event.NewerSchemaVersionException;
import dev.kaka.notifier.github.GitHubCallException;
import dev.kaka.notifier.github.GitHubFailures;
import dev.kaka.support.kafka.DeadLetterReasons;
import dev.kaka.support.kafka.DeadLetterTemplates;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * No notification is dropped. While GitHub or MongoDB is down, a record is tried again with growing
 * pauses for as long as it takes (the partition waits, so an issue's events stay in order). A
 * record that can never succeed goes to a dead-letter topic, with the reason in its headers, and
 * the partition moves on: at once when it is unreadable, of another topic's type or of a newer
 * schema version; after a few tries when GitHub refuses the request.
 */
@Configuration(proxyBeanMethods = false)
class ListenerErrorHandling {

  private static final Logger log = LoggerFactory.getLogger(ListenerErrorHandling.class);

  /** Where this service's dead letters go: the source topic with this suffix. */
  static final String DEAD_LETTER_SUFFIX = "-notifier-dlt";

  @Bean
  DefaultErrorHandler notifierErrorHandler(KafkaProperties kafka) {
    DeadLetterPublishingRecoverer recoverer =
        DeadLetterReasons.explaining(
            new DeadLetterPublishingRecoverer(
                DeadLetterTemplates.create(kafka),
                // no partition: the record's key picks it, so the dead-letter topic may be smaller
                (record, failure) -> new TopicPartition(record.topic() + DEAD_LETTER_SUFFIX, -1)));
    DefaultErrorHandler handler = new DefaultErrorHandler(recoverer);
    handler.setBackOffFunction((record, failure) -> backOffFor(failure));
    handler.addNotRetryableExceptions(NewerSchemaVersionException.class);
    handler.setRetryListeners(
        (record, failure, delivery) ->
            log.warn(
                "Delivery {} of {}-{}@{} failed: {}",
                delivery,
                record.topic(),
                record.partition(),
                record.offset(),
                rootMessage(failure)));
    return handler;
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  static BackOff backOffFor(Exception failure) {
    if (isPermanent(failure)) {
      return new FixedBackOff(1_000, 2);
    }
    ExponentialBackOff backOff = new ExponentialBackOff(1_000, 2.0);
    backOff.setMaxInterval(60_000);
    return backOff;
  }

  private static boolean isPermanent(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof GitHubCallException) {
        return !GitHubFailures.isTransient(cause);
      }
      if (cause instanceof DeserializationException) {
        return true;
      }
    }
    return false;
  }

  @Bean
  NewTopic issueTriggeredDeadLetters() {
    return TopicBuilder.name(Topics.ISSUE_TRIGGERED + DEAD_LETTER_SUFFIX).build();
  }

  @Bean
  NewTopic taskEventsDeadLetters() {
    return TopicBuilder.name(Topics.TASK_EVENTS + DEAD_LETTER_SUFFIX).build();
  }
}
