package dev.kaka.support.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.springframework.kafka.core.MicrometerConsumerListener;

/**
 * Binds each consumer's own metrics to Micrometer, like Boot's default listener, with two
 * differences: a {@code group} tag, so lag reads per consumer group, topic and partition; and a
 * 10-second look for new metrics instead of 60, since per-partition lag appears only once a
 * partition is assigned and fetched.
 */
final class GroupTaggedConsumerMetrics<K, V> extends MicrometerConsumerListener<K, V> {

  private static final Duration REFRESH = Duration.ofSeconds(10);

  private final ScheduledExecutorService refresher =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "kafka-client-metrics");
            thread.setDaemon(true);
            return thread;
          });

  GroupTaggedConsumerMetrics(MeterRegistry registry) {
    super(registry);
  }

  @Override
  protected MeterBinder createClientMetrics(Consumer<K, V> consumer, List<Tag> tags) {
    List<Tag> withGroup = new ArrayList<>(tags);
    withGroup.add(Tag.of("group", groupOf(consumer)));
    return new KafkaClientMetrics(consumer, withGroup, refresher, REFRESH);
  }

  private static String groupOf(Consumer<?, ?> consumer) {
    try {
      // called while the consumer is being created, before its thread polls: no concurrent use
      return consumer.groupMetadata().groupId();
    } catch (KafkaException noGroup) {
      return "none";
    }
  }
}
