package dev.kaka.notifier.projection;

import dev.kaka.support.kafka.TopicProperties;
import dev.kaka.taskstore.TaskRetention;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Declares the report log's topic, which the notifier alone writes, and the task store's upkeep:
 * its indexes and its retention, both scheduled.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(TaskRetention.class)
class ProjectionConfiguration {

  /** Kept forever: a rebuild of the projection reads all of it. */
  @Bean
  NewTopic taskReportsTopic(TopicProperties topics) {
    return topics.declare(ReportLog.TOPIC).configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1"));
  }

  @Bean
  ExpiredTasks expiredTasks(MongoTemplate mongo, TaskRetention retention) {
    return new ExpiredTasks(mongo, retention);
  }

  @Bean
  ExpiredBudgets expiredBudgets(MongoTemplate mongo, TaskRetention retention) {
    return new ExpiredBudgets(mongo, retention);
  }
}
