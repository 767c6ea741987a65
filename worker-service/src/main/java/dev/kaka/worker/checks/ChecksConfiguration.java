package dev.kaka.worker.checks;

import dev.kaka.support.github.GitHubApp;
import dev.kaka.support.github.GitHubProperties;
import java.time.Clock;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ChecksConfiguration {

  @Bean
  FailingChecks failingChecks(
      ChecksProperties properties, GitHubProperties github, Optional<GitHubApp> app, Clock clock) {
    return FailingChecks.of(properties, github, app, clock);
  }
}
