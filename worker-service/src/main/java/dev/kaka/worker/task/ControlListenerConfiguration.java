package dev.kaka.worker.task;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

/**
 * The listener containers of {@link CancelRequestListener}: Boot's, over consumers in no group. A
 * listener's consumers take the group of their factory's configuration ({@code
 * spring.kafka.consumer.group-id}, the task listeners' group) unless they name another, and no
 * listener property can take it away, so these come from a factory of their own. spring-kafka
 * commits nothing for a consumer without a group.
 */
@Configuration(proxyBeanMethods = false)
class ControlListenerConfiguration {

  static final String CONTAINER_FACTORY = "controlListenerContainerFactory";

  @Bean(CONTAINER_FACTORY)
  ConcurrentKafkaListenerContainerFactory<Object, Object> controlListenerContainerFactory(
      ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
      ConsumerFactory<?, ?> consumers,
      ObjectProvider<DefaultKafkaConsumerFactoryCustomizer> customizers) {
    Map<String, Object> config = new HashMap<>(consumers.getConfigurationProperties());
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    DefaultKafkaConsumerFactory<Object, Object> groupless =
        new DefaultKafkaConsumerFactory<>(config);
    customizers.orderedStream().forEach(customizer -> customizer.customize(groupless));
    ConcurrentKafkaListenerContainerFactory<Object, Object> factory =
        new ConcurrentKafkaListenerContainerFactory<>();
    configurer.configure(factory, groupless);
    return factory;
  }
}
