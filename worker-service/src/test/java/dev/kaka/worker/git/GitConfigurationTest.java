package dev.kaka.worker.git;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class GitConfigurationTest {

  private final ApplicationContextRunner context =
      new ApplicationContextRunner()
          .withUserConfiguration(GitConfiguration.class, Properties.class);

  @EnableConfigurationProperties(GitProperties.class)
  static class Properties {}

  @Test
  void startsWithoutAnyGitConfigurationAndAnonymousAccess() {
    context.run(
        started -> {
          assertThat(started).hasNotFailed().hasSingleBean(GitWorkspaces.class);
          assertThat(started.getBean(GitCredentials.class).provider()).isNull();
        });
  }

  @Test
  void takesTheTokenFromKakaGithubToken() {
    context
        .withPropertyValues("kaka.github.token=ghs_fromTheEnvironment")
        .run(
            started ->
                assertThat(started.getBean(GitCredentials.class).secret())
                    .isEqualTo("ghs_fromTheEnvironment"));
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
}
