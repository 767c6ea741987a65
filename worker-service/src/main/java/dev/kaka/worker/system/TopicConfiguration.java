package dev.kaka.worker.system;

import dev.kaka.common.Topics;
import dev.kaka.support.kafka.TopicProperties;
import dev.kaka.worker.session.SessionProperties;
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

  /** As {@link SessionProperties#topicConfigs()} says: larger messages, for this topic alone. */
  @Bean
  NewTopic agentSessionsTopic(TopicProperties topics, SessionProperties sessions) {
    return topics.declare(Topics.AGENT_SESSIONS).configs(sessions.topicConfigs());
  }
}
