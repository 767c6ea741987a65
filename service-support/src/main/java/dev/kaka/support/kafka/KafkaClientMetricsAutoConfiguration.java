package dev.kaka.support.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.metrics.KafkaMetricsAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.MicrometerProducerListener;

/**
 * The Kafka clients' own metrics on {@code /actuator/prometheus}, with consumer metrics tagged by
 * their group. Stands in for Boot's {@code KafkaMetricsAutoConfiguration} where a service excludes
 * it ({@code spring.autoconfigure.exclude}); where Boot's is active, its {@code
 * kafkaConsumerMetrics} bean is there and this backs off, since both would bind the same meters.
 */
@AutoConfiguration(
    after = KafkaMetricsAutoConfiguration.class,
    before = KafkaAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure"
          + ".CompositeMeterRegistryAutoConfiguration"
    })
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnMissingBean(name = "kafkaConsumerMetrics")
public class KafkaClientMetricsAutoConfiguration {

  @Bean
  DefaultKafkaConsumerFactoryCustomizer groupTaggedConsumerMetrics(MeterRegistry registry) {
    return factory -> factory.addListener(new GroupTaggedConsumerMetrics<>(registry));
  }

  @Bean
  DefaultKafkaProducerFactoryCustomizer groupTaggedProducerMetrics(MeterRegistry registry) {
    // Prometheus wants one set of tag keys per name, and producers share kafka_app_info_* with the
    // consumers: a producer is in no consumer group
    return factory ->
        factory.addListener(
            new MicrometerProducerListener<>(registry, List.of(Tag.of("group", "none"))));
  }
}
