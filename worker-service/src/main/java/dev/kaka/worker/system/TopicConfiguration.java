package dev.kaka.worker.system;

import dev.kaka.common.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** Declares the topics this service writes or must find (the control topic's writer is ingress). */
@Configuration(proxyBeanMethods = false)
class TopicConfiguration {

  @Bean
  NewTopic taskEventsTopic(TopicProperties topics) {
    return TopicBuilder.name(Topics.TASK_EVENTS)
        .partitions(topics.partitions())
        .replicas(topics.replicationFactor())
        .build();
  }

  @Bean
  NewTopic taskControlTopic(TopicProperties topics) {
    return TopicBuilder.name(Topics.TASK_CONTROL)
        .partitions(topics.partitions())
        .replicas(topics.replicationFactor())
        .build();
  }
}
