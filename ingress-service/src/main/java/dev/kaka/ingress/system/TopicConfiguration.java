package dev.kaka.ingress.system;

import dev.kaka.common.Topics;
import dev.kaka.support.kafka.TopicProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Declares the topics this service writes; the partition count caps how many tasks run at once. */
@Configuration(proxyBeanMethods = false)
class TopicConfiguration {

  @Bean
  NewTopic issueTriggeredTopic(TopicProperties topics) {
    return topics.declare(Topics.ISSUE_TRIGGERED);
  }

  @Bean
  NewTopic taskControlTopic(TopicProperties topics) {
    return topics.declare(Topics.TASK_CONTROL);
  }
}
