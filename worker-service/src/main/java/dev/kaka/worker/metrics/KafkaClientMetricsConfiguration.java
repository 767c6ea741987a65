package dev.kaka.worker.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.util.List;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.MicrometerProducerListener;

/**
 * The Kafka clients' own metrics on {@code /actuator/prometheus}. Replaces Boot's
 * {@code KafkaMetricsAutoConfiguration} (excluded in application.yml) to tag consumer metrics with
 * their group.
 */
@Configuration(proxyBeanMethods = false)
class KafkaClientMetricsConfiguration {

  @Bean
  DefaultKafkaConsumerFactoryCustomizer consumerMetrics(MeterRegistry registry) {
    return factory -> factory.addListener(new GroupTaggedConsumerMetrics<>(registry));
  }

  @Bean
  DefaultKafkaProducerFactoryCustomizer producerMetrics(MeterRegistry registry) {
    // Prometheus wants one set of tag keys per name, and producers share kafka_app_info_* with the
    // consumers: a producer is in no consumer group
    return factory -> factory.addListener(
        new MicrometerProducerListener<>(registry, List.of(Tag.of("group", "none"))));
  }
}
