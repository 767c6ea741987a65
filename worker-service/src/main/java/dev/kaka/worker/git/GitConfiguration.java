package dev.kaka.worker.git;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class GitConfiguration {

  /** Empty means anonymous access, which is enough for public repositories and local remotes. */
  @Bean
  GitCredentials gitCredentials(@Value("${kaka.github.token:}") String token) {
    return GitCredentials.token(() -> token);
  }

  @Bean
  GitWorkspaces gitWorkspaces(GitProperties properties, GitCredentials credentials) {
    return new GitWorkspaces(properties, credentials);
  }

  @Bean
  ApplicationRunner leftoverWorkspaceJanitor(GitWorkspaces workspaces) {
    return arguments -> workspaces.removeLeftoverWorkspaces();
  }
}
