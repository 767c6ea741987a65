package dev.kaka.local;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code ./kaka replay-dead-letters}: publishes the dead letters not replayed yet back to the topic
 * they came from (the {@code kafka_original-topic} or {@code kafka_dlt-original-topic} header),
 * without spring-kafka's dead-letter and retry headers. They go back unchanged, but for the time of
 * a trigger ({@link #restamped}). It replays what the dead-letter topics hold when it starts (a
 * record that dies again waits for the next run), and its consumer group remembers how far it got,
 * so a second run replays only what died since. The consumers are idempotent, so a replayed event
 * that another service had processed already changes nothing there.
 */
final class DeadLetterReplay {

  static final String GROUP = "kaka-dead-letter-replay";
  // a dead-letter recoverer's header, and the retry topics' one (first = where the record began)
  private static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";
  private static final String FIRST_TOPIC = "kafka_original-topic";
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String bootstrapServers;
  private final PrintStream out;

  DeadLetterReplay(String bootstrapServers, PrintStream out) {
    this.bootstrapServers = bootstrapServers;
    this.out = out;
  }

  /** Replays all dead letters; returns how many went back to each original topic. */
  Map<String, Integer> run() {
    List<String> deadLetterTopics = deadLetterTopics();
    Map<String, Integer> replayed = new TreeMap<>();
    if (deadLetterTopics.isEmpty()) {
      return replayed;
    }
    try (KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(
                Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrapServers,
                    ConsumerConfig.GROUP_ID_CONFIG,
                    GROUP,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                    "earliest",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                    false),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(
                Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrapServers,
                    ProducerConfig.ACKS_CONFIG,
                    "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                    true),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
      List<TopicPartition> partitions =
          deadLetterTopics.stream()
              .flatMap(topic -> consumer.partitionsFor(topic).stream())
              .map(info -> new TopicPartition(info.topic(), info.partition()))
              .toList();
      consumer.assign(partitions);
      Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
      partitions.forEach(
          partition -> {
            OffsetAndMetadata done = committed.get(partition);
            if (done == null) {
              consumer.seekToBeginning(List.of(partition));
            } else {
              consumer.seek(partition, done.offset());
            }
          });
      // only what is dead now: a replayed record that dies again waits for the next run
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
          TopicPartition from = new TopicPartition(record.topic(), record.partition());
          if (record.offset() < end.get(from)) {
            replay(record, producer, replayed);
          }
        }
        Map<TopicPartition, OffsetAndMetadata> upTo = new HashMap<>();
        partitions.forEach(
            p -> upTo.put(p, new OffsetAndMetadata(Math.min(consumer.position(p), end.get(p)))));
        // committed only once the records are in the original topics: a crash replays, never loses
        consumer.commitSync(upTo);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while replaying dead letters", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not publish a dead letter again: " + e.getCause(), e);
    }
    return replayed;
  }

  private void replay(
      ConsumerRecord<byte[], byte[]> record,
      KafkaProducer<byte[], byte[]> producer,
      Map<String, Integer> replayed)
      throws InterruptedException, ExecutionException {
    Header original = originalTopic(record);
    if (original == null) {
      out.println(
          "kaka: skipped "
              + record.topic()
              + "@"
              + record.offset()
              + ": it does not say where it came from");
      return;
    }
    String topic = new String(original.value(), StandardCharsets.UTF_8);
    ProducerRecord<byte[], byte[]> again =
        new ProducerRecord<>(
            topic, null, record.key(), restamped(record.value(), Clock.systemUTC().instant()));
    for (Header header : record.headers()) {
      if (!header.key().startsWith("kafka_") && !header.key().startsWith("retry_topic-")) {
        again.headers().add(header);
      }
    }
    producer.send(again).get();
    replayed.merge(topic, 1, Integer::sum);
  }

  /**
   * A replayed trigger is a request to run the task now, as a retry through the task API is: it
   * gets the time of the replay, which the workers judge its age by ({@code
   * kaka.worker.max-trigger-age}). Any other value, an unreadable one included, stays as it was.
   */
  static byte[] restamped(byte[] value, Instant now) {
    JsonNode event;
    try {
      event = value == null ? null : JSON.readTree(value);
    } catch (JacksonException unreadable) {
      return value;
    }
    if (!(event instanceof ObjectNode trigger)
        || !"IssueTriggered".equals(trigger.path("type").asString())) {
      return value;
    }
    trigger.put("occurredAt", now.toString());
    return JSON.writeValueAsBytes(trigger);
  }

  private static Header originalTopic(ConsumerRecord<byte[], byte[]> record) {
    var first = record.headers().headers(FIRST_TOPIC).iterator();
    return first.hasNext() ? first.next() : record.headers().lastHeader(ORIGINAL_TOPIC);
  }

  private List<String> deadLetterTopics() {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      return admin.listTopics().names().get().stream()
          .filter(name -> name.endsWith("-dlt"))
          .sorted()
          .toList();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while listing topics", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "could not list the topics at " + bootstrapServers + ": " + e.getCause().getMessage(), e);
    }
  }
}
