package dev.kaka.support.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kaka.support.github.AppPermissions.Access;
import dev.kaka.testkit.github.ApiCall;
import dev.kaka.testkit.github.FakeGitHub;
import dev.kaka.testkit.github.FakeGitHubApp;
import dev.kaka.testkit.github.FakeGitHubApp.IssuedToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Installation tokens from the fake GitHub's App, with github-api's own App support. */
@Timeout(60)
class InstallationTokensTest {

  private static final String PERSONAL_TOKEN = "ghp_InstallationTokensTest01";
  private static final AppPermissions WORKER = new AppPermissions(Map.of("contents", Access.WRITE));

  @TempDir Path temp;

  private FakeGitHub github;
  private FakeGitHubApp app;
  private GitHubApp gitHubApp;

  @BeforeEach
  void registerTheApp() throws Exception {
    github = FakeGitHub.start(temp.resolve("github"), PERSONAL_TOKEN);
    for (String name : List.of("one", "two")) {
      github.createRepository("acme", name, "main", Map.of("README.md", name + "\n"));
    }
    github.createRepository("stranger", "elsewhere", "main", Map.of("README.md", "hi\n"));
    app =
        github.registerApp(
            4242, "kaka-test", Map.of("contents", "write", "issues", "write", "metadata", "read"));
    app.install("acme");
    // the PKCS#1 key GitHub hands out, as the App's operator would mount it
    Path key = Files.writeString(temp.resolve("app.pem"), app.privateKeyPem());
    gitHubApp = GitHubApp.connect(new GitHubProperties(github.apiUrl(), null, app.id(), key));
  }

  @AfterEach
  void stopGitHub() {
    github.close();
  }

  @Test
  void aTokenIsRestrictedToItsRepositoryAndTheServicesPermissions() {
    String token = new InstallationTokens(gitHubApp, WORKER).tokenFor("acme", "one");

    IssuedToken issued = app.issuedTokens().get(0);
    assertThat(issued.token()).isEqualTo(token);
    assertThat(issued.repositories()).containsExactly("one");
    assertThat(issued.permissions()).containsEntry("contents", "write").doesNotContainKey("issues");
  }

  @Test
  void aTokenIsKeptPerRepositoryUntilItNearsItsExpiry() {
    InstallationTokens tokens = new InstallationTokens(gitHubApp, WORKER);

    String first = tokens.tokenFor("acme", "one");
    String again = tokens.tokenFor("Acme", "One");
    String other = tokens.tokenFor("acme", "two");

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
    assertThat(app.issuedTokens())
        .extracting(IssuedToken::repositories)
        .containsExactly(List.of("one"), List.of("two"));
  }

  @Test
  void aTokenWithLessThanTheMarginLeftIsReplaced() {
    app.setTokenLifetime(InstallationTokens.RENEWAL_MARGIN.minus(Duration.ofSeconds(30)));
    InstallationTokens tokens = new InstallationTokens(gitHubApp, WORKER);

    String first = tokens.tokenFor("acme", "one");
    String second = tokens.tokenFor("acme", "one");

    assertThat(second).isNotEqualTo(first);
    assertThat(app.issuedTokens()).hasSize(2);
  }

  @Test
  void aTokenGitHubRefusedBeforeItsTimeIsReplaced() {
    InstallationTokens tokens = new InstallationTokens(gitHubApp, WORKER);
    String first = tokens.tokenFor("acme", "one");
    app.expireTokens();

    assertThat(tokens.refused("acme", "one")).isTrue();
    String second = tokens.tokenFor("acme", "one");

    assertThat(second).isNotEqualTo(first);
    assertThat(app.issuedTokens()).hasSize(2);
  }

  @Test
  void concurrentCallersShareOneMint() throws Exception {
    InstallationTokens tokens = new InstallationTokens(gitHubApp, WORKER);
    int callers = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      Callable<String> ask =
          () -> {
            start.await();
            return tokens.tokenFor("acme", "one");
          };
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        answers.add(pool.submit(ask));
      }
      start.countDown();
      for (Future<String> answer : answers) {
        assertThat(answer.get()).isEqualTo(app.issuedTokens().get(0).token());
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(app.issuedTokens()).hasSize(1);
  }

  @Test
  void aRepositoryWithoutTheAppFailsForGoodWithAdvice() {
    GitHubAppException failure =
        catchThrowableOfType(
            GitHubAppException.class,
            () -> new InstallationTokens(gitHubApp, WORKER).tokenFor("stranger", "elsewhere"));

    assertThat(failure)
        .hasMessage(
            "GitHub gave the App no installation token for stranger/elsewhere: the App is not"
                + " installed on the repository. Install it there (or on all of the owner's"
                + " repositories).");
    assertThat(failure.retryable()).isFalse();
  }

  @Test
  void aPermissionTheAppWasNotGrantedFailsForGoodWithAdvice() {
    AppPermissions tooMuch = new AppPermissions(Map.of("pull_requests", Access.WRITE));

    GitHubAppException failure =
        catchThrowableOfType(
            GitHubAppException.class,
            () -> new InstallationTokens(gitHubApp, tooMuch).tokenFor("acme", "one"));

    assertThat(failure)
        .hasMessageContaining("GitHub refused the permissions pull_requests: write")
        .hasMessageContaining("Grant them to the App");
    assertThat(failure.retryable()).isFalse();
  }

  @Test
  void anUnreachableGitHubIsWorthAnotherTry() throws Exception {
    Path key = Files.writeString(temp.resolve("again.pem"), app.privateKeyPem());
    GitHubApp unreachable =
        GitHubApp.connect(new GitHubProperties("http://127.0.0.1:1/api/v3", null, app.id(), key));

    GitHubAppException failure =
        catchThrowableOfType(
            GitHubAppException.class,
            () -> new InstallationTokens(unreachable, WORKER).tokenFor("acme", "one"));

    assertThat(failure).hasMessageContaining("GitHub could not be reached. Retrying may help.");
    assertThat(failure.retryable()).isTrue();
  }

  @Test
  void theBotUserIsTheAppsAndNobodyAsksWhoTheTokenIs() {
    String token = new InstallationTokens(gitHubApp, WORKER).tokenFor("acme", "one");

    AppBot bot = gitHubApp.bot(token);

    assertThat(bot.login()).isEqualTo(app.botLogin());
    assertThat(bot.userId()).isEqualTo(app.botUserId());
    assertThat(github.apiCalls()).extracting(ApiCall::path).doesNotContain("/user");
  }
}
