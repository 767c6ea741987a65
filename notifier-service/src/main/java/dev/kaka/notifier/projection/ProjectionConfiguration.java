package dev.kaka.notifier.projection;

import dev.kaka.support.kafka.TopicProperties;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Declares the report log's topic, which the notifier alone writes. */
@Configuration(proxyBeanMethods = false)
class ProjectionConfiguration {

  /** Kept forever: a rebuild of the projection reads all of it. */
  @Bean
  NewTopic taskReportsTopic(TopicProperties topics) {
    return topics.declare(ReportLog.TOPIC).configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1"));
  }
}
