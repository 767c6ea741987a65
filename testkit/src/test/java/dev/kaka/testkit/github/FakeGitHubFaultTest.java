package dev.kaka.testkit.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kohsuke.github.GHIssue;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.HttpException;

/** Failures a test can inject into the REST API, as github-api experiences them. */
class FakeGitHubFaultTest {

  private static final String TOKEN = "ghs_fault_token";

  @TempDir Path tempDir;

  private FakeGitHub github;

  @BeforeEach
  void startFake() {
    github = FakeGitHub.start(tempDir, TOKEN);
    github.createRepository("acme", "widgets", "main", Map.of("README.md", "hi\n"));
  }

  @AfterEach
  void stopFake() {
    github.close();
  }

  @Test
  void failsTheNextCallsAndThenRecovers() throws IOException {
    GitHub client = client(GitHubRateLimitHandler.FAIL);
    github.failNextApiCalls(2, 502);

    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> client.getRepository("acme/widgets"))
          .isInstanceOfSatisfying(
              HttpException.class, e -> assertThat(e.getResponseCode()).isEqualTo(502))
          .hasMessageContaining("\"message\"");
    }
    assertThat(client.getRepository("acme/widgets").getName()).isEqualTo("widgets");
  }

  @Test
  void aRateLimitedCallCarriesTheHeadersGitHubSends() throws IOException {
    GitHub client = client(GitHubRateLimitHandler.FAIL);
    github.rateLimitNextApiCalls(1, Duration.ofSeconds(30));

    assertThatThrownBy(() -> client.getRepository("acme/widgets"))
        .isInstanceOfSatisfying(
            HttpException.class,
            e -> {
              assertThat(e.getResponseCode()).isEqualTo(403);
              Map<String, List<String>> headers = e.getResponseHeaderFields();
              assertThat(header(headers, "Retry-After")).isEqualTo("30");
              assertThat(header(headers, "X-RateLimit-Remaining")).isEqualTo("0");
              long reset = Long.parseLong(header(headers, "X-RateLimit-Reset"));
              assertThat(reset - System.currentTimeMillis() / 1000).isBetween(28L, 31L);
            });
    assertThat(client.getRepository("acme/widgets").getName()).isEqualTo("widgets");
  }

  @Test
  void githubApiWaitsOutARateLimitAndRetries() throws IOException {
    GitHub client = client(GitHubRateLimitHandler.WAIT);
    github.rateLimitNextApiCalls(1, Duration.ofSeconds(1));

    long start = System.nanoTime();
    String name = client.getRepository("acme/widgets").getName();

    assertThat(name).isEqualTo("widgets");
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(900));
  }

  @Test
  void aWriteOverASecondaryLimitIsRefusedWithRetryAfterUntilTheWindowFrees() throws IOException {
    GitHub client =
        new GitHubBuilder()
            .withEndpoint(github.apiUrl())
            .withOAuthToken(TOKEN)
            .withAbuseLimitHandler(GitHubAbuseLimitHandler.FAIL)
            .build();
    github.enforceSecondaryLimits(
        new SecondaryLimits(2, Duration.ofSeconds(30), 100, Duration.ofHours(1)));
    GHIssue issue =
        client
            .getRepository("acme/widgets")
            .getIssue(github.openIssue("acme", "widgets", "Busy", "Writes").number());

    issue.comment("one");
    issue.comment("two");
    assertThatThrownBy(() -> issue.comment("three"))
        .isInstanceOfSatisfying(
            HttpException.class,
            e -> {
              assertThat(e.getResponseCode()).isEqualTo(403);
              assertThat(Long.parseLong(header(e.getResponseHeaderFields(), "Retry-After")))
                  .isBetween(29L, 30L);
            });
    // reads are not held, and the refused write did not count
    assertThat(client.getRepository("acme/widgets").getName()).isEqualTo("widgets");
    assertThat(github.secondaryLimitAnswers()).isEqualTo(1);
    assertThat(github.comments("acme", "widgets", issue.getNumber())).hasSize(2);
  }

  @Test
  void githubApiWaitsOutASecondaryLimitAndWritesAfterIt() throws IOException {
    // github-api's default for secondary limits: wait what the answer asks, then try again
    GitHub client = client(GitHubRateLimitHandler.FAIL);
    github.enforceSecondaryLimits(
        new SecondaryLimits(1, Duration.ofSeconds(1), 100, Duration.ofHours(1)));
    GHIssue issue =
        client
            .getRepository("acme/widgets")
            .getIssue(github.openIssue("acme", "widgets", "Busy", "Writes").number());

    long start = System.nanoTime();
    issue.comment("one");
    issue.comment("two");

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(900));
    assertThat(github.secondaryLimitAnswers()).isEqualTo(1);
    assertThat(github.comments("acme", "widgets", issue.getNumber()))
        .extracting(FakeComment::body)
        .containsExactly("one", "two");
  }

  private GitHub client(GitHubRateLimitHandler rateLimitHandler) throws IOException {
    return new GitHubBuilder()
        .withEndpoint(github.apiUrl())
        .withOAuthToken(TOKEN)
        .withRateLimitHandler(rateLimitHandler)
        .build();
  }

  /** Header names are case-insensitive; the client keeps them as the connector reports them. */
  private static String header(Map<String, List<String>> headers, String name) {
    return headers.entrySet().stream()
        .filter(entry -> name.equalsIgnoreCase(entry.getKey()))
        .map(entry -> entry.getValue().get(0))
        .findFirst()
        .orElseThrow(() -> new AssertionError("No " + name + " header in " + headers.keySet()));
  }
}
