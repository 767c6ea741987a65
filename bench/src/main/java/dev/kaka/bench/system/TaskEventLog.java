package dev.kaka.bench.system;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every event published to a topic from the moment this log starts, read in the background as the
 * JSON the services wrote: what the benchmarks count and time tasks by.
 */
public final class TaskEventLog implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final KafkaConsumer<String, String> consumer;
  private final List<Event> events = new ArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread reader;

  /** One event: its type, task, issue, attempt, the worker named in it, and its time. */
  public record Event(
      String type,
      String taskId,
      int issue,
      int attempt,
      String worker,
      Instant occurredAt,
      int partition) {}

  private TaskEventLog(KafkaConsumer<String, String> consumer) {
    this.consumer = consumer;
    this.reader = new Thread(this::read, "task-event-log");
    reader.setDaemon(true);
  }

  /** Reads {@code topic} from its current end on. */
  public static TaskEventLog follow(String bootstrapServers, String topic) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
            .map(info -> new TopicPartition(topic, info.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    TaskEventLog log = new TaskEventLog(consumer);
    log.reader.start();
    return log;
  }

  private void read() {
    while (running.get()) {
      for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
        JsonNode json = JSON.readTree(record.value());
        Event event =
            new Event(
                json.path("type").asString(),
                json.path("taskId").asString(),
                json.path("issue").path("number").asInt(),
                json.path("attempt").asInt(),
                json.path("worker").asString(""),
                Instant.parse(json.path("occurredAt").asString()),
                record.partition());
        synchronized (events) {
          events.add(event);
        }
      }
    }
    consumer.close();
  }

  public List<Event> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  public List<Event> events(String type) {
    return events().stream().filter(event -> event.type().equals(type)).toList();
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    reader.join(5_000);
  }
}
