package dev.kaka.testkit.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what is published to a topic from the moment it is created on, so a test can assert what
 * its action published, and that nothing else was.
 */
public final class TopicReader implements AutoCloseable {

  private static final Duration QUIET_PERIOD = Duration.ofSeconds(2);

  private final KafkaConsumer<String, String> consumer;
  private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

  private TopicReader(KafkaConsumer<String, String> consumer) {
    this.consumer = consumer;
  }

  public static TopicReader fromEnd(String bootstrapServers, String topic) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(info -> new TopicPartition(topic, info.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    return new TopicReader(consumer);
  }

  /** Waits up to 30 s until at least {@code expected} records arrived; returns all seen so far. */
  public List<ConsumerRecord<String, String>> await(int expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (seen.size() < expected && System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
    }
    return List.copyOf(seen);
  }

  /**
   * Keeps reading for a short quiet period and returns everything seen: proves that nothing more
   * (or nothing at all) was published.
   */
  public List<ConsumerRecord<String, String>> settle() {
    long end = System.nanoTime() + QUIET_PERIOD.toNanos();
    while (System.nanoTime() < end) {
      consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
    }
    return List.copyOf(seen);
  }

  @Override
  public void close() {
    consumer.close();
  }
}
