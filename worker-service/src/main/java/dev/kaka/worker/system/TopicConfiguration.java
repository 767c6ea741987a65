package dev.kaka.worker.system;

import dev.kaka.common.Topics;
import dev.kaka.support.kafka.TopicProperties;
import dev.kaka.worker.session.SessionProperties;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
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

  /**
   * Compacted, each branch's newest session replacing the older, and taking larger messages than
   * the broker's default, for this topic alone.
   */
  @Bean
  NewTopic agentSessionsTopic(TopicProperties topics, SessionProperties sessions) {
    NewTopic topic = topics.declare(Topics.AGENT_SESSIONS);
    topic.configs(
        Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG,
            TopicConfig.CLEANUP_POLICY_COMPACT,
            TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
            String.valueOf(sessions.maxMessageBytes())));
    return topic;
  }
}
