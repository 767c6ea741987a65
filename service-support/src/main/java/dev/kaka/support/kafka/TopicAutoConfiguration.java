package dev.kaka.support.kafka;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Binds {@code kaka.topics}; each service declares the topics it writes or must find with {@link
 * TopicProperties#declare}.
 */
@AutoConfiguration
@EnableConfigurationProperties(TopicProperties.class)
public class TopicAutoConfiguration {}
