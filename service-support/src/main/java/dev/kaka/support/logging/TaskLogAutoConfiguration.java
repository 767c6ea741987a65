package dev.kaka.support.logging;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Task ids in the headers of published task events and in the log lines of the listeners that
 * handle them. A service replaces either with a bean of the same name.
 */
@AutoConfiguration
public class TaskLogAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "taskHeaders")
  TaskHeaders taskHeaders() {
    return new TaskHeaders();
  }

  @Bean
  @ConditionalOnMissingBean(name = "taskLogContext")
  TaskLogContext taskLogContext() {
    return new TaskLogContext();
  }
}
