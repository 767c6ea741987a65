package dev.kaka.support.logging;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Task ids in the headers of published task events and in the log lines of the listeners that
 * handle them. A service replaces either with a bean of the same name.
 */
@AutoConfiguration
public class TaskLogAutoConfiguration {

  /** Adds {@link TaskHeaders} to the producers' interceptors, after any a service configures. */
  @Bean
  @ConditionalOnMissingBean(name = "taskHeaders")
  DefaultKafkaProducerFactoryCustomizer taskHeaders() {
    return factory ->
        factory.updateConfigs(
            Map.of(
                ProducerConfig.INTERCEPTOR_CLASSES_CONFIG,
                withTaskHeaders(
                    factory
                        .getConfigurationProperties()
                        .get(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG))));
  }

  @Bean
  @ConditionalOnMissingBean(name = "taskLogContext")
  TaskLogContext taskLogContext() {
    return new TaskLogContext();
  }

  private static List<String> withTaskHeaders(Object configured) {
    List<String> classes = new ArrayList<>();
    if (configured instanceof Collection<?> several) {
      several.forEach(
          one ->
              classes.add(one instanceof Class<?> type ? type.getName() : one.toString().strip()));
    } else if (configured instanceof Class<?> type) {
      classes.add(type.getName());
    } else if (configured != null) {
      Arrays.stream(configured.toString().split(","))
          .map(String::strip)
          .filter(name -> !name.isEmpty())
          .forEach(classes::add);
    }
    if (!classes.contains(TaskHeaders.class.getName())) {
      classes.add(TaskHeaders.class.getName());
    }
    return classes;
  }
}
