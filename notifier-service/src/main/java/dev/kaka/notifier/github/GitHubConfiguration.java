package dev.kaka.notifier.github;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.connector.GitHubConnector;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class GitHubConfiguration {

  @Bean
  GitHubGateway gitHubGateway(GitHubProperties properties, MeterRegistry registry)
      throws IOException {
    GitHub github = new GitHubBuilder()
        .withEndpoint(properties.apiUrl())
        .withOAuthToken(properties.token())
        .withConnector(new MeteredConnector(GitHubConnector.DEFAULT, registry))
        .build();
    return new GitHubApiGateway(github);
  }
}
