package dev.kaka.bench.intake;

import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces to a topic of its own for a while, as the ingress does (acks=all, idempotent, records of
 * a trigger's size, 32 at a time), so that the broker's JIT has compiled its produce path before
 * the first measured run: the broker stands in for a long-running cluster, and its warm-up is not
 * the ingress's cost.
 */
final class BrokerWarmUp {

  private static final String TOPIC = "bench.broker-warm-up";
  private static final int IN_FLIGHT = 32;
  private static final int RECORD_BYTES = 700;

  private BrokerWarmUp() {}

  /** Sends for {@code duration}; returns how many records the broker acknowledged. */
  static long run(String bootstrapServers, Duration duration) throws InterruptedException {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
    byte[] value = new byte[RECORD_BYTES];
    Arrays.fill(value, (byte) 'x');
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    long sent = 0;
    long end = System.nanoTime() + duration.toNanos();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      while (System.nanoTime() < end) {
        inFlight.acquire();
        producer.send(
            new ProducerRecord<>(TOPIC, "warm-up#" + (sent % 4), value),
            (metadata, failure) -> inFlight.release());
        sent++;
      }
      inFlight.tryAcquire(IN_FLIGHT, 30, TimeUnit.SECONDS);
    }
    return sent;
  }
}
