package dev.kaka.worker.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.common.event.AgentReport;
import dev.kaka.common.event.FailureKind;
import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.RunEvent;
import dev.kaka.common.event.TaskCompleted;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TaskFailed;
import dev.kaka.common.event.Trigger;
import dev.kaka.common.event.TriggerKind;
import dev.kaka.support.dashboard.DashboardProperties;
import dev.kaka.support.github.GitHubApp;
import dev.kaka.support.github.GitHubProperties;
import dev.kaka.support.github.GitHubServer;
import dev.kaka.support.github.InstallationTokens;
import dev.kaka.testkit.github.ApiCall;
import dev.kaka.testkit.github.FakeGitHub;
import dev.kaka.testkit.github.FakeGitHubApp;
import dev.kaka.testkit.github.FakeGitHubApp.IssuedToken;
import dev.kaka.testkit.github.FakeRepository;
import dev.kaka.worker.agent.Agent;
import dev.kaka.worker.agent.AgentProperties;
import dev.kaka.worker.agent.AgentRequest;
import dev.kaka.worker.agent.AgentResult;
import dev.kaka.worker.git.CommitAuthor;
import dev.kaka.worker.git.GitCredentials;
import dev.kaka.worker.git.GitProperties;
import dev.kaka.worker.git.GitWorkspaces;
import dev.kaka.worker.git.NoreplyAddresses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A task of a worker that acts as a GitHub App: cloned and pushed with installation tokens of the
 * task's repository alone, committed by the App's bot with the requester as co-author. The agent is
 * a stub that writes a file; the git remote is the fake GitHub, which holds tokens to their
 * repository, permissions and lifetime.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class GitHubAppTaskTest {

  private static final String PERSONAL_TOKEN = "ghp_NotUsedByTheWorker01";
  private static final String SLUG = "kaka-worker-test";
  private static final long REQUESTER_ID = 583231;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path temp;

  private FakeGitHub github;
  private FakeGitHubApp app;
  private RepositoryRef repository;

  /** One per send: the template closes its producer after each. */
  private final List<MockProducer<String, RunEvent>> producers = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    github = FakeGitHub.start(temp.resolve("github"), PERSONAL_TOKEN);
    FakeRepository created =
        github.createRepository("acme", "widgets", "main", Map.of("README.md", "# Widgets\n"));
    github.createRepository("acme", "gadgets", "main", Map.of("README.md", "# Gadgets\n"));
    repository =
        new RepositoryRef(
            created.owner(), created.name(), created.cloneUrl(), created.defaultBranch());
    app =
        github.registerApp(
            31337, SLUG, Map.of("contents", "write", "issues", "write", "metadata", "read"));
    app.install("acme");
  }

  @AfterEach
  void stop() {
    github.close();
  }

  @Test
  void theAppsBotCommitsWithTheRequesterAsCoAuthorAndPushesWithTokensOfTheRepositoryAlone()
      throws Exception {
    TaskEvent outcome = run(writing("widget.txt", workspace -> {}));

    assertThat(outcome).isInstanceOf(TaskCompleted.class);
    RevCommit pushed = pushedHead(((TaskCompleted) outcome).branch());
    String domain = "users.noreply.127.0.0.1";
    assertThat(pushed.getAuthorIdent().getName()).isEqualTo(app.botLogin());
    assertThat(pushed.getAuthorIdent().getEmailAddress())
        .isEqualTo(app.botUserId() + "+" + app.botLogin() + "@" + domain);
    // JGit reads footers from the last paragraph only: both trailers are there
    assertThat(pushed.getFooterLines("Co-authored-by"))
        .containsExactly("alice <" + REQUESTER_ID + "+alice@" + domain + ">");
    assertThat(pushed.getFooterLines("Kaka-Task-Id")).containsExactly("t-app");
    assertThat(app.issuedTokens())
        .isNotEmpty()
        .allSatisfy(
            token -> {
              assertThat(token.repositories()).containsExactly("widgets");
              assertThat(token.permissions())
                  .containsEntry("contents", "write")
                  .doesNotContainKey("issues");
            });
    assertThat(github.apiCalls()).extracting(ApiCall::path).doesNotContain("/user");
    assertThat(publishedJson())
        .allSatisfy(
            json ->
                assertThat(app.issuedTokens())
                    .extracting(IssuedToken::token)
                    .noneMatch(json::contains));
  }

  @Test
  void aTokenRevokedWhileTheAgentWorksIsReplacedForThePush() throws Exception {
    TaskEvent outcome = run(writing("fix.txt", workspace -> app.expireTokens()));

    assertThat(outcome).isInstanceOf(TaskCompleted.class);
    assertThat(pushedHead(((TaskCompleted) outcome).branch()).getAuthorIdent().getName())
        .isEqualTo(app.botLogin());
    assertThat(app.issuedTokens()).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void aTokenThatExpiresWhileTheAgentWorksIsReplacedForThePush() throws Exception {
    app.setTokenLifetime(Duration.ofSeconds(2));

    TaskEvent outcome = run(writing("late.txt", workspace -> pause(Duration.ofMillis(2500))));

    assertThat(outcome).isInstanceOf(TaskCompleted.class);
    IssuedToken first = app.issuedTokens().get(0);
    assertThat(first.expiresAt()).isBefore(Instant.now());
    assertThat(app.issuedTokens()).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void aRepositoryWithoutTheAppFailsTheTaskWithAdvice() {
    FakeRepository elsewhere =
        github.createRepository("stranger", "things", "main", Map.of("README.md", "hi\n"));
    repository =
        new RepositoryRef(elsewhere.owner(), elsewhere.name(), elsewhere.cloneUrl(), "main");

    TaskEvent outcome = run(writing("x.txt", workspace -> {}));

    assertThat(outcome).isInstanceOf(TaskFailed.class);
    TaskFailed failed = (TaskFailed) outcome;
    assertThat(failed.failure()).isEqualTo(FailureKind.GITHUB_FAILED);
    assertThat(failed.message()).contains("the App is not installed on the repository");
    assertThat(failed.retryable()).isFalse();
  }

  private TaskEvent run(Agent agent) {
    GitProperties gitProperties =
        new Binder(
                new MapConfigurationPropertySource(
                    Map.of(
                        "kaka.git.cache-dir", temp.resolve("cache").toString(),
                        "kaka.git.workspace-dir", temp.resolve("workspaces").toString(),
                        "kaka.git.remote-url", github.remoteUrlTemplate())))
            .bindOrCreate("kaka.git", GitProperties.class);
    AgentProperties agentProperties =
        new Binder(new MapConfigurationPropertySource(Map.of()))
            .bindOrCreate("kaka.agent", AgentProperties.class);
    GitHubApp gitHubApp = GitHubApp.connect(appProperties());
    InstallationTokens tokens = new InstallationTokens(gitHubApp, GitCredentials.APP_PERMISSIONS);
    NoreplyAddresses noreply = new NoreplyAddresses(GitHubServer.of(github.apiUrl()));
    TaskRunner runner =
        new TaskRunner(
            new GitWorkspaces(gitProperties, GitCredentials.of(tokens)),
            agent,
            agentProperties,
            gitProperties,
            new TaskEventPublisher(new KafkaTemplate<>(new MockProducerFactory<>(this::producer))),
            new WorkerProperties(
                1,
                "worker-test",
                2,
                Duration.ofSeconds(30),
                Duration.ofMinutes(2),
                Duration.ofDays(1)),
            new Cancellations(),
            CommitAuthor.appBot(gitProperties.author(), gitHubApp, tokens, noreply),
            noreply,
            DashboardProperties.NONE,
            TestImages.of(github, PERSONAL_TOKEN, gitProperties),
            TestChecks.of(github, PERSONAL_TOKEN),
            TestSessions.none(),
            Clock.systemUTC());
    return runner.run(task(), 1);
  }

  private GitHubProperties appProperties() {
    try {
      Path key = Files.writeString(temp.resolve("app.pem"), app.privateKeyPem());
      return new GitHubProperties(github.apiUrl(), null, app.id(), key);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private IssueTriggered task() {
    return new IssueTriggered(
        TaskEvent.SCHEMA_VERSION,
        "t-app",
        "d-app",
        repository,
        new IssueRef(7, "Add a widget", repository.cloneUrl().replace(".git", "/issues/7")),
        "Please add a widget.",
        new Trigger(TriggerKind.LABEL, "alice", "", REQUESTER_ID),
        1,
        Instant.now());
  }

  /** An agent that writes one file, doing {@code meanwhile} while it works. */
  private static Agent writing(String file, Consumer<Path> meanwhile) {
    return (AgentRequest request) -> {
      try {
        Files.writeString(request.workspace().resolve(file), "written by the agent\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      meanwhile.accept(request.workspace());
      return new AgentResult(
          AgentResult.Outcome.SUCCEEDED, null, "completed", "Done.", false, AgentReport.empty());
    };
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The head of {@code branch} as the fake holds it, fetched with the personal token. */
  private RevCommit pushedHead(String branch) throws Exception {
    try (Git clone =
        Git.cloneRepository()
            .setURI(repository.cloneUrl())
            .setDirectory(temp.resolve("check").toFile())
            .setBranchesToClone(List.of("refs/heads/" + branch))
            .setBranch(branch)
            .setCredentialsProvider(
                new UsernamePasswordCredentialsProvider("x-access-token", PERSONAL_TOKEN))
            .call()) {
      return clone.log().setMaxCount(1).call().iterator().next();
    }
  }

  private MockProducer<String, RunEvent> producer() {
    MockProducer<String, RunEvent> producer =
        new MockProducer<>(true, null, new StringSerializer(), new JacksonJsonSerializer<>());
    producers.add(producer);
    return producer;
  }

  private List<String> publishedJson() {
    return producers.stream()
        .flatMap(producer -> producer.history().stream())
        .map(ProducerRecord::value)
        .map(JSON::writeValueAsString)
        .toList();
  }
}
