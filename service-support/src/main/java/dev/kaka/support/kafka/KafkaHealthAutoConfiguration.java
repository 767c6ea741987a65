package dev.kaka.support.kafka;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

/** The {@code kafka} health indicator; a service replaces it with its own bean named "kafka". */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnBean(KafkaAdmin.class)
public class KafkaHealthAutoConfiguration {

  @Bean("kafka")
  @ConditionalOnMissingBean(name = "kafka")
  KafkaHealthIndicator kafkaHealthIndicator(
      KafkaAdmin kafkaAdmin, @Value("${spring.application.name}") String name) {
    return new KafkaHealthIndicator(kafkaAdmin, name);
  }
}
