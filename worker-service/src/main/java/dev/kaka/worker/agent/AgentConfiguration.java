package dev.kaka.worker.agent;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AgentConfiguration {

  @Bean
  Agent agent(AgentProperties properties) {
    return new CommandLineAgent(properties, System.getenv());
  }
}
