package dev.kaka.worker.session;

import dev.kaka.common.Topics;
import dev.kaka.testkit.kafka.KafkaBroker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Session stores on the shared broker, each standing for one worker's. */
public final class TestSessionStores {

  private TestSessionStores() {}

  /**
   * One worker's store on the shared broker's sessions topic (made as the worker declares it, with
   * two partitions); close it after the test.
   */
  public static KafkaSessionStore onSharedBroker(SessionProperties properties) throws Exception {
    String servers = KafkaBroker.shared().bootstrapServers();
    createTopic(servers, properties);
    return new KafkaSessionStore(
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                servers,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                properties.maxMessageBytes(),
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                "gzip",
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                properties.timeout().toMillis()),
            new StringSerializer(),
            new ByteArraySerializer()),
        new KafkaConsumer<>(
            Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers),
            new StringDeserializer(),
            new ByteArrayDeserializer()),
        properties.timeout());
  }

  private static void createTopic(String servers, SessionProperties properties) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers))) {
      if (admin.listTopics().names().get().contains(Topics.AGENT_SESSIONS)) {
        return;
      }
      admin
          .createTopics(
              List.of(
                  new NewTopic(Topics.AGENT_SESSIONS, 2, (short) 1)
                      .configs(properties.topicConfigs())))
          .all()
          .get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
  }
}
