package dev.kaka.worker.system;

import dev.kaka.common.Topics;
import dev.kaka.support.kafka.TopicProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Declares the topics this service writes or must find (the control topic's writer is ingress). */
@Configuration(proxyBeanMethods = false)
class TopicConfiguration {

  @Bean
  NewTopic taskEventsTopic(TopicProperties topics) {
    return topics.declare(Topics.TASK_EVENTS);
  }

  @Bean
  NewTopic taskControlTopic(TopicProperties topics) {
    return topics.declare(Topics.TASK_CONTROL);
  }
}
