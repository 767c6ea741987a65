package dev.kaka.bench.intake;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Counts the records on a topic by the wrk run whose deliveries they came from, so the script can
 * compare them with the 2xx answers wrk saw. The bench driver's delivery ids start with the run's
 * eight hex digits ({@code webhook.lua}); its probe requests' with {@code probe-}.
 *
 * <p>Usage: {@code AcceptedDeliveries BOOTSTRAP_SERVERS TOPIC}. Prints one line per run, oldest
 * first: {@code RUN id=.. records=.. distinct=.. first_ms=.. last_ms=..}, then a {@code TOTAL}
 * line.
 */
public final class AcceptedDeliveries {

  private static final Pattern WRK_RUN = Pattern.compile("([0-9a-f]{8})-[0-9a-f]{4}-4.*");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private AcceptedDeliveries() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: AcceptedDeliveries BOOTSTRAP_SERVERS TOPIC");
      System.exit(2);
    }
    Map<String, Run> runs = new TreeMap<>();
    Run total = new Run("total");
    try (KafkaConsumer<String, String> consumer = consumer(args[0])) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(args[1], Duration.ofSeconds(30)).stream()
              .map(info -> new TopicPartition(args[1], info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          String deliveryId = deliveryIdOf(record.value());
          runs.computeIfAbsent(runOf(deliveryId), Run::new).add(deliveryId, record.timestamp());
          total.add(deliveryId, record.timestamp());
        }
      }
    }
    runs.values().stream()
        .sorted((a, b) -> Long.compare(a.firstMs, b.firstMs))
        .forEach(run -> System.out.println("RUN " + run));
    System.out.println("TOTAL " + total);
  }

  private static KafkaConsumer<String, String> consumer(String bootstrapServers) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
  }

  private static String deliveryIdOf(String value) {
    JsonNode event = JSON.readTree(value);
    return event.path("deliveryId").asString("");
  }

  private static String runOf(String deliveryId) {
    if (deliveryId.startsWith("probe-")) {
      return "probe";
    }
    Matcher wrk = WRK_RUN.matcher(deliveryId);
    return wrk.matches() ? wrk.group(1) : "other";
  }

  /** The records of one run. */
  private static final class Run {

    private final String id;
    private final Set<String> deliveries = new HashSet<>();
    private long records;
    private long firstMs = Long.MAX_VALUE;
    private long lastMs = Long.MIN_VALUE;

    Run(String id) {
      this.id = id;
    }

    void add(String deliveryId, long timestampMs) {
      records++;
      deliveries.add(deliveryId);
      firstMs = Math.min(firstMs, timestampMs);
      lastMs = Math.max(lastMs, timestampMs);
    }

    @Override
    public String toString() {
      return "id="
          + id
          + " records="
          + records
          + " distinct="
          + deliveries.size()
          + " first_ms="
          + firstMs
          + " last_ms="
          + lastMs;
    }
  }
}
