package dev.kaka.notifier.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kaka.common.event.RepositoryRef;
import dev.kaka.support.github.GitHubAutoConfiguration;
import dev.kaka.testkit.github.ApiCall;
import dev.kaka.testkit.github.FakeGitHub;
import dev.kaka.testkit.github.FakeGitHubApp;
import dev.kaka.testkit.github.FakeGitHubApp.IssuedToken;
import dev.kaka.testkit.github.FakeIssue;
import dev.kaka.testkit.github.FakePullRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

/**
 * The notifier's GitHub calls as a GitHub App, with no personal token configured: its gateway as
 * its configuration builds it, against the fake GitHub, which holds installation tokens to their
 * repository and permissions.
 */
class GitHubAppGatewayTest {

  private static final String SLUG = "kaka-notifier-test";
  private static final String MARKER = "<!-- kaka -->";

  @TempDir Path temp;

  private FakeGitHub github;
  private FakeGitHubApp app;
  private RepositoryRef repository;
  private FakeIssue issue;
  private ApplicationContextRunner runner;

  @EnableConfigurationProperties(GitHubResilienceProperties.class)
  static class Resilience {}

  @BeforeEach
  void start() throws Exception {
    github = FakeGitHub.start(temp.resolve("github"), "ghp_NotUsedByTheNotifier01");
    var created = github.createRepository("acme", "widgets", "main", Map.of("README.md", "teh\n"));
    github.pushBranch("acme", "widgets", "kaka/issue-1-fix", Map.of("README.md", "the\n"));
    repository = new RepositoryRef("acme", "widgets", created.cloneUrl(), "main");
    issue = github.openIssue("acme", "widgets", "Fix the typo", "The README says teh.");
    app =
        github.registerApp(
            4711,
            SLUG,
            Map.of(
                "contents", "write",
                "issues", "write",
                "pull_requests", "write",
                "checks", "read",
                "actions", "read"));
    app.install("acme");
    Path key = Files.writeString(temp.resolve("app.pem"), app.privateKeyPem());
    runner =
        new ApplicationContextRunner()
            .withConfiguration(
                AutoConfigurations.of(
                    ValidationAutoConfiguration.class, GitHubAutoConfiguration.class))
            .withUserConfiguration(GitHubConfiguration.class, Resilience.class)
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withPropertyValues(
                "kaka.github.api-url=" + github.apiUrl(),
                "kaka.github.app-id=" + app.id(),
                "kaka.github.app-private-key-file=" + key,
                "kaka.github.resilience.max-attempts=1");
  }

  @AfterEach
  void stop() {
    github.close();
  }

  @Test
  void pullRequestsCommentsAndLabelsAreTheAppsBots() {
    runner.run(
        context -> {
          GitHubGateway gateway = context.getBean(GitHubGateway.class);

          gateway.ensurePullRequest(repository, draft());
          gateway.upsertComment(repository, issue.number(), MARKER, "Done " + MARKER);
          gateway.replaceLabel(repository, issue.number(), "kaka:done", Set.of("kaka:running"));

          assertThat(github.pullRequests("acme", "widgets"))
              .singleElement()
              .extracting(FakePullRequest::user)
              .isEqualTo(app.botLogin());
          assertThat(github.comments("acme", "widgets", issue.number()))
              .singleElement()
              .satisfies(comment -> assertThat(comment.user()).isEqualTo(app.botLogin()));
          assertThat(github.labels("acme", "widgets", issue.number())).contains("kaka:done");
        });
    assertThat(app.issuedTokens())
        .singleElement()
        .satisfies(
            token -> {
              assertThat(token.repositories()).containsExactly("widgets");
              assertThat(token.permissions())
                  .containsEntry("pull_requests", "write")
                  .containsEntry("issues", "write")
                  .containsEntry("checks", "read")
                  .containsEntry("actions", "read")
                  .doesNotContainKey("contents");
            });
    assertThat(github.apiCalls()).extracting(ApiCall::path).doesNotContain("/user");
  }

  @Test
  void aTokenRevokedBeforeItsTimeIsReplacedOnTheNextTry() {
    runner.run(
        context -> {
          GitHubGateway gateway = context.getBean(GitHubGateway.class);
          gateway.upsertComment(repository, issue.number(), MARKER, "Working " + MARKER);
          app.expireTokens();

          GitHubCallException refused =
              catchThrowableOfType(
                  GitHubCallException.class,
                  () ->
                      gateway.upsertComment(repository, issue.number(), MARKER, "Done " + MARKER));
          gateway.upsertComment(repository, issue.number(), MARKER, "Done " + MARKER);

          assertThat(refused).hasMessageContaining("Bad credentials");
          assertThat(github.comments("acme", "widgets", issue.number()))
              .singleElement()
              .satisfies(comment -> assertThat(comment.body()).isEqualTo("Done " + MARKER));
          assertThat(app.issuedTokens()).extracting(IssuedToken::token).doesNotHaveDuplicates();
          assertThat(app.issuedTokens()).hasSize(2);
        });
  }

  @Test
  void aRepositoryWithoutTheAppIsAPermanentFailureWithAdvice() {
    var elsewhere =
        github.createRepository("stranger", "things", "main", Map.of("README.md", "hi\n"));
    RepositoryRef notInstalled =
        new RepositoryRef("stranger", "things", elsewhere.cloneUrl(), "main");
    runner.run(
        context -> {
          GitHubCallException failure =
              catchThrowableOfType(
                  GitHubCallException.class,
                  () ->
                      context
                          .getBean(GitHubGateway.class)
                          .upsertComment(notInstalled, 1, MARKER, "Done " + MARKER));

          assertThat(failure).hasMessageContaining("the App is not installed on the repository");
          assertThat(GitHubFailures.isTransient(failure)).isFalse();
        });
  }

  @Test
  void withoutCredentialsTheNotifierDoesNotStart() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(ValidationAutoConfiguration.class, GitHubAutoConfiguration.class))
        .withUserConfiguration(GitHubConfiguration.class, Resilience.class)
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("The notifier needs GitHub credentials"));
  }

  private static PullRequestDraft draft() {
    return new PullRequestDraft(
        "Fix the typo", "kaka/issue-1-fix", "main", "Closes #1", false, List.of("kaka"));
  }
}
