package dev.kaka.worker.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.common.event.RepositoryRef;
import dev.kaka.support.github.GitHubAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

class GitConfigurationTest {

  private static final RepositoryRef REPOSITORY =
      new RepositoryRef("acme", "widgets", "https://github.com/acme/widgets.git", "main");

  private final ApplicationContextRunner context =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ValidationAutoConfiguration.class, GitHubAutoConfiguration.class))
          .withUserConfiguration(GitConfiguration.class, Properties.class);

  @EnableConfigurationProperties(GitProperties.class)
  static class Properties {}

  @Test
  void startsWithoutAnyGitConfigurationAndAnonymousAccess() {
    context.run(
        started -> {
          assertThat(started).hasNotFailed().hasSingleBean(GitWorkspaces.class);
          assertThat(credentials(started.getBean(GitCredentials.class)).provider()).isNull();
        });
  }

  @Test
  void takesTheTokenFromKakaGithubToken() {
    context
        .withPropertyValues("kaka.github.token=ghs_fromTheEnvironment")
        .run(
            started -> {
              RemoteCredentials credentials = credentials(started.getBean(GitCredentials.class));
              assertThat(credentials.provider()).isNotNull();
              assertThat(credentials.secrets()).containsExactly("ghs_fromTheEnvironment");
            });
  }

  @Test
  void withATokenKakaCommitsUnlessConfiguredOtherwise() {
    context
        .withPropertyValues("kaka.github.token=ghs_fromTheEnvironment", "kaka.git.author.name=Bot")
        .run(
            started ->
                assertThat(started.getBean(CommitAuthor.class).of(REPOSITORY))
                    .isEqualTo(new GitProperties.Author("Bot", "kaka@users.noreply.github.com")));
  }

  @Test
  void refusesToStartWithAnInvalidAuthorEmail() {
    context
        .withPropertyValues("kaka.git.author.email=not an address")
        .run(
            started ->
                assertThat(started)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("kaka.git.author.email"));
  }

  private static RemoteCredentials credentials(GitCredentials credentials) {
    return credentials.forRepository(REPOSITORY.owner(), REPOSITORY.name());
  }
}
