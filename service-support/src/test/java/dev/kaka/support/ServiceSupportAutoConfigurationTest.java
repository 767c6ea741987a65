package dev.kaka.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.TaskCancelled;
import dev.kaka.support.kafka.KafkaClientMetricsAutoConfiguration;
import dev.kaka.support.kafka.KafkaHealthAutoConfiguration;
import dev.kaka.support.kafka.TopicAutoConfiguration;
import dev.kaka.support.kafka.TopicProperties;
import dev.kaka.support.logging.TaskLogAutoConfiguration;
import dev.kaka.support.time.ClockAutoConfiguration;
import dev.kaka.testkit.kafka.KafkaBroker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationHandler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.metrics.KafkaMetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

class ServiceSupportAutoConfigurationTest {

  private static final TaskCancelled TASK_EVENT =
      new TaskCancelled(
          1,
          "task-7",
          "delivery-7",
          new RepositoryRef("octo", "repo", "https://example/octo/repo.git", "main"),
          new IssueRef(7, "title", "https://example/octo/repo/issues/7"),
          1,
          "octo",
          Instant.EPOCH);

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  KafkaAutoConfiguration.class,
                  ValidationAutoConfiguration.class,
                  KafkaClientMetricsAutoConfiguration.class,
                  KafkaHealthAutoConfiguration.class,
                  TopicAutoConfiguration.class,
                  TaskLogAutoConfiguration.class,
                  ClockAutoConfiguration.class))
          .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
          .withPropertyValues(
              "spring.application.name=kaka-test",
              "spring.kafka.bootstrap-servers=" + KafkaBroker.shared().bootstrapServers());

  @Test
  void givesEveryServiceItsPlumbing() {
    runner.run(
        context -> {
          assertThat(context)
              .hasSingleBean(Clock.class)
              .hasBean("kafka")
              .hasBean("taskHeaders")
              .hasBean("taskLogContext")
              .hasBean("groupTaggedConsumerMetrics")
              .hasBean("groupTaggedProducerMetrics");
          assertThat(context.getBean(Clock.class).getZone()).isEqualTo(ZoneOffset.UTC);
          assertThat(context.getBean("taskHeaders"))
              .isInstanceOf(DefaultKafkaProducerFactoryCustomizer.class);
          assertThat(context.getBean("taskLogContext")).isInstanceOf(ObservationHandler.class);
          assertThat(context.getBean(TopicProperties.class))
              .isEqualTo(new TopicProperties(4, (short) 1));
        });
  }

  @Test
  void kafkaHealthIsUpWithTheClusterWhenTheBrokerAnswers() {
    runner.run(
        context -> {
          Health health = context.getBean("kafka", HealthIndicator.class).health();

          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(health.getDetails()).containsEntry("nodes", 1).containsKey("clusterId");
        });
  }

  @Test
  void kafkaHealthIsDownWhenNoBrokerAnswers() {
    runner
        .withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:1")
        .run(
            context ->
                assertThat(context.getBean("kafka", HealthIndicator.class).health().getStatus())
                    .isEqualTo(Status.DOWN));
  }

  @Test
  void clientMetricsCarryTheConsumerGroup() {
    runner.run(
        context -> {
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          ConsumerFactory<?, ?> consumers = context.getBean(ConsumerFactory.class);
          ProducerFactory<?, ?> producers = context.getBean(ProducerFactory.class);

          try (Consumer<?, ?> consumer = consumers.createConsumer("support-test-group", "c");
              Producer<?, ?> producer = producers.createProducer()) {
            assertThat(registry.getMeters())
                .anySatisfy(
                    meter -> {
                      assertThat(meter.getId().getName()).startsWith("kafka.consumer.");
                      assertThat(meter.getId().getTag("group")).isEqualTo("support-test-group");
                    });
            assertThat(registry.getMeters())
                .anySatisfy(
                    meter -> {
                      assertThat(meter.getId().getName()).startsWith("kafka.producer.");
                      assertThat(meter.getId().getTag("group")).isEqualTo("none");
                    });
          }
        });
  }

  @Test
  void topicsAreDeclaredWithTheConfiguredCounts() {
    runner
        .withPropertyValues("kaka.topics.partitions=8", "kaka.topics.replication-factor=3")
        .run(
            context -> {
              NewTopic topic = context.getBean(TopicProperties.class).declare("kaka.some-topic");

              assertThat(topic.name()).isEqualTo("kaka.some-topic");
              assertThat(topic.numPartitions()).isEqualTo(8);
              assertThat(topic.replicationFactor()).isEqualTo((short) 3);
            });
  }

  @Test
  void refusesTopicsWithoutPartitions() {
    runner
        .withPropertyValues("kaka.topics.partitions=0")
        .run(context -> assertThat(context).hasFailed());
  }

  @Test
  void publishedTaskEventsCarryTheirIdsInHeadersWithoutTheTemplatesObservation() {
    String topic = "task-headers-" + UUID.randomUUID();
    runner
        .withPropertyValues(
            "spring.kafka.template.observation-enabled=false",
            "spring.kafka.producer.value-serializer="
                + "org.springframework.kafka.support.serializer.JacksonJsonSerializer")
        .run(
            context -> {
              context.getBean(KafkaTemplate.class).send(topic, 0, "key", TASK_EVENT).get();
              try (Consumer<?, ?> consumer =
                  context.getBean(ConsumerFactory.class).createConsumer("task-headers", null)) {
                consumer.assign(List.of(new TopicPartition(topic, 0)));
                consumer.seekToBeginning(consumer.assignment());
                List<ConsumerRecord<?, ?>> received = new ArrayList<>();
                await()
                    .atMost(Duration.ofSeconds(20))
                    .until(
                        () -> {
                          consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                          return !received.isEmpty();
                        });
                Header taskId = received.get(0).headers().lastHeader("kaka-task-id");
                assertThat(new String(taskId.value(), StandardCharsets.UTF_8)).isEqualTo("task-7");
              }
            });
  }

  @Test
  void aServicesOwnProducerInterceptorsStay() {
    runner
        .withPropertyValues(
            "spring.kafka.producer.properties.interceptor.classes="
                + "com.example.Audit, com.example.Trace")
        .run(
            context ->
                assertThat(
                        context
                            .getBean(ProducerFactory.class)
                            .getConfigurationProperties()
                            .get(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG))
                    .isEqualTo(
                        List.of(
                            "com.example.Audit",
                            "com.example.Trace",
                            "dev.kaka.support.logging.TaskHeaders")));
  }

  @Test
  void servicesKeepTheirOwnBeans() {
    Clock fixed = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
    HealthIndicator ownKafkaHealth = () -> Health.up().build();
    runner
        .withBean(Clock.class, () -> fixed)
        .withBean("kafka", HealthIndicator.class, () -> ownKafkaHealth)
        .run(
            context -> {
              assertThat(context.getBean(Clock.class)).isSameAs(fixed);
              assertThat(context.getBean("kafka")).isSameAs(ownKafkaHealth);
            });
  }

  @Test
  void bootsOwnKafkaMetricsWinWhereAServiceKeepsThem() {
    runner
        .withConfiguration(AutoConfigurations.of(KafkaMetricsAutoConfiguration.class))
        .run(
            context -> {
              assertThat(context).doesNotHaveBean("groupTaggedConsumerMetrics");
              assertThat(context.getBeansOfType(DefaultKafkaConsumerFactoryCustomizer.class))
                  .containsOnlyKeys("kafkaConsumerMetrics");
            });
  }

  @Test
  void declaresNoTopicsOfItsOwn() {
    runner.run(context -> assertThat(context.getBeansOfType(NewTopic.class)).isEqualTo(Map.of()));
  }
}
