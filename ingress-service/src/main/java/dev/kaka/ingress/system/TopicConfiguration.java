package dev.kaka.ingress.system;

import dev.kaka.common.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** Declares the topics this service writes; the partition count caps how many tasks run at once. */
@Configuration(proxyBeanMethods = false)
class TopicConfiguration {

  @Bean
  NewTopic issueTriggeredTopic(TopicProperties topics) {
    return TopicBuilder.name(Topics.ISSUE_TRIGGERED)
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
