package dev.kaka.worker.git;

import dev.kaka.support.github.AppPermissions;
import dev.kaka.support.github.GitHubApp;
import dev.kaka.support.github.GitHubProperties;
import dev.kaka.support.github.RepositoryTokens;
import java.util.Optional;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class GitConfiguration {

  @Bean
  AppPermissions workerAppPermissions() {
    return GitCredentials.APP_PERMISSIONS;
  }

  /** Without credentials, access is anonymous: enough for public repositories and local remotes. */
  @Bean
  GitCredentials gitCredentials(Optional<RepositoryTokens> tokens) {
    return tokens.map(GitCredentials::of).orElseGet(GitCredentials::anonymous);
  }

  @Bean
  NoreplyAddresses noreplyAddresses(GitHubProperties github) {
    return new NoreplyAddresses(github.server());
  }

  @Bean
  CommitAuthor commitAuthor(
      GitProperties properties,
      Optional<GitHubApp> app,
      Optional<RepositoryTokens> tokens,
      NoreplyAddresses noreply) {
    return app.isPresent() && tokens.isPresent()
        ? CommitAuthor.appBot(properties.author(), app.get(), tokens.get(), noreply)
        : CommitAuthor.kaka(properties.author());
  }

  @Bean
  GitWorkspaces gitWorkspaces(
      GitProperties properties, GitHubProperties github, GitCredentials credentials) {
    return new GitWorkspaces(
        properties.withRemoteUrlOr(github.server().remoteUrlTemplate()), credentials);
  }

  @Bean
  ApplicationRunner leftoverWorkspaceJanitor(GitWorkspaces workspaces) {
    return arguments -> workspaces.removeLeftoverWorkspaces();
  }
}
