package dev.kaka.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerTest {

  @Test
  void recordsAcknowledgedByAllReplicasAreReadBack() throws Exception {
    String bootstrap = KafkaBroker.shared().bootstrapServers();

    send(bootstrap, "testkit.roundtrip", "octo/hello#1", "first");

    assertThat(readAll(bootstrap, "testkit.roundtrip", 1)).containsExactly("first");
  }

  @Test
  void recordsSurviveARestartOnTheSameDataDirectory(@TempDir Path dataDir) throws Exception {
    try (KafkaBroker broker = KafkaBroker.start(dataDir, 0)) {
      send(broker.bootstrapServers(), "testkit.durable", "k", "kept");
    }

    try (KafkaBroker restarted = KafkaBroker.start(dataDir, 0)) {
      assertThat(readAll(restarted.bootstrapServers(), "testkit.durable", 1))
          .containsExactly("kept");
    }
  }

  @Test
  void aStoppedBrokerComesBackOnTheSameAddressWithItsRecords(@TempDir Path dataDir)
      throws Exception {
    try (KafkaBroker broker = KafkaBroker.start(dataDir, 0)) {
      String address = broker.bootstrapServers();
      send(address, "testkit.outage", "k", "before");

      broker.stop();
      assertThatThrownBy(() -> new Socket("127.0.0.1", port(address)).close())
          .isInstanceOf(ConnectException.class);
      broker.restart();
      send(address, "testkit.outage", "k", "after");

      assertThat(broker.bootstrapServers()).isEqualTo(address);
      assertThat(readAll(address, "testkit.outage", 2)).containsExactly("before", "after");
    }
  }

  private static int port(String bootstrap) {
    return Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
  }

  private static void send(String bootstrap, String topic, String key, String value)
      throws Exception {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true);
    try (var producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }

  private static List<String> readAll(String bootstrap, String topic, int expected) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "testkit-" + System.nanoTime());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<String> values = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (values.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          values.add(record.value());
        }
      }
    }
    return values;
  }
}
