package dev.kaka.support.kafka;

import jakarta.validation.constraints.Min;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.validation.annotation.Validated;

/**
 * How the topics are created when they do not exist yet. Every service must use the same values:
 * the notifier relies on both topics having the same partition count.
 *
 * @param partitions the most tasks that can run at once across all workers
 * @param replicationFactor 3 in production, 1 for a single local broker
 */
@Validated
@ConfigurationProperties("kaka.topics")
public record TopicProperties(
    @DefaultValue("4") @Min(1) int partitions, @DefaultValue("1") @Min(1) short replicationFactor) {

  /** The declaration of a topic a service writes or must find, created with these values. */
  public NewTopic declare(String name) {
    return TopicBuilder.name(name).partitions(partitions).replicas(replicationFactor).build();
  }
}
