package dev.kaka.notifier.github;

import java.io.IOException;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class GitHubConfiguration {

  @Bean
  GitHubGateway gitHubGateway(GitHubProperties properties) throws IOException {
    GitHub github = new GitHubBuilder()
        .withEndpoint(properties.apiUrl())
        .withOAuthToken(properties.token())
        .build();
    return new GitHubApiGateway(github);
  }
}
