package dev.kaka.ingress.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.TaskSettings;
import dev.kaka.ingress.trigger.RepositorySettings;
import dev.kaka.ingress.trigger.TriggerDecision;
import dev.kaka.support.github.GitHubProperties;
import dev.kaka.support.github.RepositoryTokens;
import dev.kaka.testkit.github.FakeGitHub;
import dev.kaka.testkit.github.FakeRepository;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** Reading {@code .github/kaka.yml} through the real HTTP client from the fake GitHub. */
class SettingsLookupTest {

  private static final String TOKEN = "settings-token";
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir static Path dir;
  private static FakeGitHub github;

  @BeforeAll
  static void startGitHub() {
    github = FakeGitHub.start(dir, TOKEN);
  }

  @AfterAll
  static void stopGitHub() {
    github.close();
  }

  private static SettingsLookup lookup(String token, String apiUrl, Duration timeout) {
    return new SettingsLookup(
        new GitHubProperties(apiUrl, token, null, null),
        token.isEmpty() ? Optional.empty() : Optional.of(RepositoryTokens.personal(token)),
        new SettingsProperties(Duration.ofMinutes(5), timeout));
  }

  private static SettingsLookup lookup() {
    return lookup(TOKEN, github.apiUrl(), Duration.ofSeconds(3));
  }

  /** A repository of its own per test, with {@code files} on main. */
  private static RepositoryRef repository(TestInfo test, Map<String, String> files) {
    String name = test.getTestMethod().orElseThrow().getName();
    FakeRepository created = github.createRepository("acme", name, "main", files);
    return new RepositoryRef("acme", name, created.cloneUrl(), "main");
  }

  private static Map<String, String> label(String label) {
    return Map.of(TaskSettings.FILE, "trigger:\n  label: " + label + "\n");
  }

  private static RepositorySettings read(SettingsLookup lookup, RepositoryRef repository) {
    return lookup.of(repository).block(WAIT);
  }

  @Test
  void aRepositoryWithoutTheFileGetsTheServiceSettings(TestInfo test) {
    RepositoryRef repository = repository(test, Map.of("README.md", "hello\n"));

    assertThat(read(lookup(), repository)).isEqualTo(RepositorySettings.NONE);
  }

  @Test
  void theFileIsReadFromTheDefaultBranch(TestInfo test) {
    RepositoryRef repository =
        repository(test, Map.of(TaskSettings.FILE, SettingsFileTest.EXAMPLE));

    RepositorySettings settings = read(lookup(), repository);

    assertThat(settings).isEqualTo(SettingsFile.parse(SettingsFileTest.EXAMPLE));
    assertThat(settings.trigger().label()).isEqualTo("ai");
  }

  @Test
  void theFileIsKeptUntilAPushToTheDefaultBranch(TestInfo test) {
    RepositoryRef repository = repository(test, label("one"));
    SettingsLookup lookup = lookup();
    assertThat(read(lookup, repository).trigger().label()).isEqualTo("one");

    github.commitFiles(
        "acme", repository.name(), "main", Map.of(TaskSettings.FILE, "trigger:\n  label: two\n"));
    RepositorySettings kept = read(lookup, repository);
    lookup.on(new TriggerDecision.DefaultBranchPushed(repository));
    RepositorySettings fresh = read(lookup, repository);

    assertThat(kept.trigger().label()).isEqualTo("one");
    assertThat(fresh.trigger().label()).isEqualTo("two");
  }

  @Test
  void aRereadTakesTheFileAsItIsNow(TestInfo test) {
    RepositoryRef repository = repository(test, label("one"));
    SettingsLookup lookup = lookup();
    read(lookup, repository);
    github.commitFiles(
        "acme", repository.name(), "main", Map.of(TaskSettings.FILE, "trigger:\n  label: two\n"));

    assertThat(lookup.reread(repository).block(WAIT).trigger().label()).isEqualTo("two");
    assertThat(read(lookup, repository).trigger().label()).isEqualTo("two");
  }

  @Test
  void anInvalidFileIsKeptAsInvalid(TestInfo test) {
    RepositoryRef repository =
        repository(test, Map.of(TaskSettings.FILE, "agent:\n  max-turns: many\n"));

    RepositorySettings settings = read(lookup(), repository);

    assertThat(settings.trigger()).isEqualTo(RepositorySettings.Trigger.NONE);
    assertThat(settings.task().problem())
        .isEqualTo("`.github/kaka.yml`: `agent.max-turns` must be a whole number, got `many`");
  }

  @Test
  void oneFailedAnswerIsTriedAgain(TestInfo test) {
    RepositoryRef repository = repository(test, label("x"));
    github.failNextApiCalls(1, 502);

    assertThat(read(lookup(), repository).trigger().label()).isEqualTo("x");
  }

  @Test
  void whenGitHubKeepsFailingTheTaskUsesTheServiceSettingsAndTheNextTriggerReadsAgain(
      TestInfo test) {
    RepositoryRef repository = repository(test, label("x"));
    SettingsLookup lookup = lookup();
    github.failNextApiCalls(2, 503);

    RepositorySettings failed = read(lookup, repository);
    RepositorySettings next = read(lookup, repository);

    assertThat(failed)
        .isEqualTo(
            new RepositorySettings(
                RepositorySettings.Trigger.NONE, TaskSettings.unreadable("GitHub answered 503")));
    assertThat(next.trigger().label()).isEqualTo("x");
  }

  @Test
  void aRefusedTokenIsNotTriedAgain(TestInfo test) {
    RepositoryRef repository = repository(test, label("x"));

    RepositorySettings settings =
        read(lookup("wrong-token", github.apiUrl(), Duration.ofSeconds(3)), repository);

    assertThat(settings.task()).isEqualTo(TaskSettings.unreadable("GitHub answered 401"));
    assertThat(settings.task().unreadable()).doesNotContain("wrong-token");
  }

  @Test
  void aGitHubThatDoesNotAnswerCostsAtMostTheReadTimeout(TestInfo test) throws IOException {
    RepositoryRef repository = repository(test, Map.of());
    try (ServerSocket silent = new ServerSocket(0)) {
      SettingsLookup lookup =
          lookup(TOKEN, "http://127.0.0.1:" + silent.getLocalPort(), Duration.ofMillis(300));

      assertThat(read(lookup, repository).task())
          .isEqualTo(TaskSettings.unreadable("GitHub did not answer in time"));
    }
  }

  @Test
  void withoutATokenNothingIsRead(TestInfo test) {
    RepositoryRef repository = repository(test, label("x"));
    SettingsLookup lookup = lookup("", github.apiUrl(), Duration.ofSeconds(3));

    assertThat(lookup.enabled()).isFalse();
    assertThat(read(lookup, repository)).isEqualTo(RepositorySettings.NONE);
  }

  @Test
  void anAnswerThatIsNoFileIsAnInvalidFile() {
    assertThat(SettingsReader.settingsOf("[{\"type\":\"file\"}]".getBytes()).task().problem())
        .isEqualTo("`.github/kaka.yml`: the path must be a file, not a directory or a link");
    assertThat(
            SettingsReader.settingsOf(
                    "{\"type\":\"file\",\"encoding\":\"none\",\"size\":2000000,\"content\":\"\"}"
                        .getBytes())
                .task()
                .problem())
        .isEqualTo("`.github/kaka.yml`: the file must be at most 64 KB");
  }
}
