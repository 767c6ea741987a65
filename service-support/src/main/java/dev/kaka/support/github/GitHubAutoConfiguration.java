package dev.kaka.support.github;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Binds {@code kaka.github} and gives every service its {@link RepositoryTokens}: the personal
 * token, or the GitHub App's installation tokens with the {@link AppPermissions} the service
 * declares as a bean. Without credentials there is neither bean; a service that needs them says so
 * at start-up.
 */
@AutoConfiguration
@EnableConfigurationProperties(GitHubProperties.class)
public class GitHubAutoConfiguration {

  /** Reads the App's key at start-up, so that an unusable one stops the service at once. */
  @Bean
  @ConditionalOnMissingBean
  @Conditional(GitHubConditions.App.class)
  GitHubApp gitHubApp(GitHubProperties properties) {
    return GitHubApp.connect(properties);
  }

  @Bean
  @ConditionalOnMissingBean
  @Conditional(GitHubConditions.Configured.class)
  RepositoryTokens repositoryTokens(
      GitHubProperties properties,
      ObjectProvider<GitHubApp> app,
      ObjectProvider<AppPermissions> permissions) {
    if (properties.hasToken()) {
      return RepositoryTokens.personal(properties.token());
    }
    AppPermissions own = permissions.getIfAvailable();
    if (own == null) {
      throw new IllegalStateException(
          "This service declares no AppPermissions, so it cannot act as the GitHub App");
    }
    return new InstallationTokens(app.getObject(), own);
  }
}
