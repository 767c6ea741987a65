package dev.kaka.worker.system;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the topics are created when they do not exist yet; the same values as the ingress service's,
 * since the notifier relies on both topics having the same partition count.
 *
 * @param partitions the most tasks that can run at once across all workers
 * @param replicationFactor 3 in production, 1 for a single local broker
 */
@Validated
@ConfigurationProperties("kaka.topics")
public record TopicProperties(
    @DefaultValue("4") @Min(1) int partitions,
    @DefaultValue("1") @Min(1) short replicationFactor) {}
