package dev.kaka.worker.session;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The session store on Kafka, with clients of its own: the producer takes the sessions' larger
 * messages (compressed, since session files are repetitive JSON), and the consumer is in no group,
 * since every worker may need any session.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SessionProperties.class)
class SessionConfiguration {

  @Bean(destroyMethod = "close")
  KafkaSessionStore sessionStore(KafkaProperties kafka, SessionProperties properties) {
    Map<String, Object> producer = new HashMap<>(kafka.buildProducerProperties());
    producer.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, properties.maxMessageBytes());
    producer.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip");
    // a broker that cannot be reached costs the run its memory, never more than the timeout
    producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, properties.timeout().toMillis());
    Map<String, Object> consumer = new HashMap<>(kafka.buildConsumerProperties());
    consumer.remove(ConsumerConfig.GROUP_ID_CONFIG);
    consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumer.put(ConsumerConfig.CLIENT_ID_CONFIG, "kaka-worker-sessions");
    return new KafkaSessionStore(
        new KafkaProducer<>(producer, new StringSerializer(), new ByteArraySerializer()),
        new KafkaConsumer<>(consumer, new StringDeserializer(), new ByteArrayDeserializer()),
        properties.timeout());
  }

  @Bean
  SessionMemory sessionMemory(SessionStore store, SessionProperties properties, Clock clock) {
    return new SessionMemory(store, properties, clock);
  }
}
