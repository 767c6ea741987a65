package dev.kaka.worker.task;

import dev.kaka.common.Topics;
import dev.kaka.support.kafka.DeadLetterReasons;
import dev.kaka.support.kafka.DeadLetterTemplates;
import dev.kaka.support.kafka.TopicProperties;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The listener containers of {@link CancelRequestListener}: Boot's, over consumers in no group. A
 * listener's consumers take the group of their factory's configuration ({@code
 * spring.kafka.consumer.group-id}, the task listeners' group) unless they name another, and no
 * listener property can take it away, so these come from a factory of their own. spring-kafka
 * commits nothing for a consumer without a group.
 *
 * <p>A request the listener cannot take (unreadable, of another topic's type, of a newer schema
 * version) goes to {@value #DEAD_LETTERS} at once, with the reason in its headers: hearing a
 * request only puts it in memory, so nothing a retry could mend can fail. Every replica reads the
 * whole topic, so each files its own copy.
 */
@Configuration(proxyBeanMethods = false)
class ControlListenerConfiguration {

  static final String CONTAINER_FACTORY = "controlListenerContainerFactory";
  static final String DEAD_LETTERS = Topics.TASK_CONTROL + Topics.WORKER_DEAD_LETTER_SUFFIX;

  @Bean(CONTAINER_FACTORY)
  ConcurrentKafkaListenerContainerFactory<Object, Object> controlListenerContainerFactory(
      ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
      ConsumerFactory<?, ?> consumers,
      ObjectProvider<DefaultKafkaConsumerFactoryCustomizer> customizers,
      KafkaProperties kafka) {
    Map<String, Object> config = new HashMap<>(consumers.getConfigurationProperties());
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    DefaultKafkaConsumerFactory<Object, Object> groupless =
        new DefaultKafkaConsumerFactory<>(config);
    customizers.orderedStream().forEach(customizer -> customizer.customize(groupless));
    ConcurrentKafkaListenerContainerFactory<Object, Object> factory =
        new ConcurrentKafkaListenerContainerFactory<>();
    configurer.configure(factory, groupless);
    factory.setCommonErrorHandler(
        new DefaultErrorHandler(
            DeadLetterReasons.explaining(
                new DeadLetterPublishingRecoverer(
                    DeadLetterTemplates.create(kafka),
                    // no partition: the record's key picks it
                    (record, failure) -> new TopicPartition(DEAD_LETTERS, -1))),
            new FixedBackOff(0, 0)));
    return factory;
  }

  @Bean
  NewTopic controlDeadLetters(TopicProperties topics) {
    return topics.declare(DEAD_LETTERS);
  }
}
