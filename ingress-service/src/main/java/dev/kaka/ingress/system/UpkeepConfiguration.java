package dev.kaka.ingress.system;

import dev.kaka.taskstore.TaskRetention;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The ingress's periodic upkeep of what it keeps in MongoDB, by the task store's retention, which
 * the notifier applies to the tasks.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(TaskRetention.class)
class UpkeepConfiguration {}
