package dev.kaka.worker.agent;

import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AgentConfiguration {

  /** The GitHub token never reaches the agent; it is also masked wherever the agent printed it. */
  @Bean
  Agent agent(AgentProperties properties, @Value("${kaka.github.token:}") String githubToken) {
    return new CommandLineAgent(properties, System.getenv(), List.of(githubToken));
  }
}
