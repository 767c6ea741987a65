package dev.kaka.ingress.task;

import java.util.concurrent.TimeUnit;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The ingress never waits long for MongoDB: the driver would look for a reachable server for 30 s
 * by default, longer than GitHub waits for a webhook's answer.
 */
@Configuration(proxyBeanMethods = false)
class TaskStoreConfiguration {

  @Bean
  MongoClientSettingsBuilderCustomizer taskStoreTimeout(TaskStoreProperties properties) {
    return settings ->
        settings.applyToClusterSettings(
            cluster ->
                cluster.serverSelectionTimeout(
                    properties.timeout().toMillis(), TimeUnit.MILLISECONDS));
  }
}
