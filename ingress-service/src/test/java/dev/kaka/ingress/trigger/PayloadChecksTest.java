package dev.kaka.ingress.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What real payloads carry passes; the refusals are in {@link TriggerRulesTest}. */
class PayloadChecksTest {

  @ParameterizedTest
  @ValueSource(strings = {"main", "master", "release/1.x", "feature/a-b_c", "v2.0", "日本"})
  void acceptsRealBranchNames(String branch) {
    assertThat(PayloadChecks.branchProblem(branch)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://github.com/Codertocat/Hello-World.git",
        "https://ghe.example.com/a/b.git",
        "http://127.0.0.1:8080/git/octo/demo.git"
      })
  void acceptsCloneUrlsOfGitHubAndGitHubEnterprise(String url) {
    assertThat(PayloadChecks.cloneUrlProblem(url)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Codertocat", "a", "octo-cat", "dependabot[bot]", "a1-b2-c3"})
  void acceptsGitHubLogins(String login) {
    assertThat(PayloadChecks.loginProblem(login)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "-a", "a b", "a\nb", "a[bot]x", "thirty-nine-characters-is-the-limit-xyz1"})
  void refusesWhatCannotBeALogin(String login) {
    assertThat(PayloadChecks.loginProblem(login)).isPresent();
  }
}
