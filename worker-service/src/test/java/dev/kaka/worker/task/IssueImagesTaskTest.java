package dev.kaka.worker.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.common.event.AgentReport;
import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.RunEvent;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.Trigger;
import dev.kaka.common.event.TriggerKind;
import dev.kaka.support.dashboard.DashboardProperties;
import dev.kaka.support.github.GitHubServer;
import dev.kaka.testkit.github.AttachmentDownload;
import dev.kaka.testkit.github.FakeGitHub;
import dev.kaka.testkit.github.FakeIssue;
import dev.kaka.testkit.github.FakeRepository;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
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

/**
 * The images of an issue reach the agent as files of its run: an issue on the fake GitHub with two
 * attached images and a file that only claims to be one. The worker resolves them through the
 * issue's {@code body_html}, whose signed links need no token, and never sends the token to them.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class IssueImagesTaskTest {

  private static final String TOKEN = "ghp_IssueImagesTaskTest01";
  private static final byte[] PNG =
      bytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, "a screenshot");
  private static final byte[] GIF = bytes("GIF89a".getBytes(StandardCharsets.US_ASCII), "a clip");
  private static final byte[] NOT_AN_IMAGE =
      "<html>this is no image</html>".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path temp;

  private FakeGitHub github;
  private RepositoryRef repository;

  @BeforeEach
  void start() {
    github = FakeGitHub.start(temp.resolve("github"), TOKEN);
    FakeRepository created =
        github.createRepository("acme", "widgets", "main", Map.of("README.md", "# Widgets\n"));
    repository = new RepositoryRef(created.owner(), created.name(), created.cloneUrl(), "main");
  }

  @AfterEach
  void stop() {
    github.close();
  }

  @Test
  void twoImagesAreSavedForTheAgentAndTheFakeIsSkippedAndNamed() {
    String screenshot = github.uploadAttachment("screenshot.png", "image/png", PNG);
    String clip = github.uploadAttachment("clip.gif", "image/gif", GIF);
    String fake = github.uploadAttachment("fake.png", "image/png", NOT_AN_IMAGE);
    String body =
        "It crashes on start.\n\n![screenshot]("
            + screenshot
            + ")\n\n<img width=\"300\" alt=\"clip\" src=\""
            + clip
            + "\">\n\n![fake]("
            + fake
            + ")\n";
    FakeIssue issue = github.openIssue("acme", "widgets", "Crash on start", body);
    Seen seen = new Seen();

    run(task(issue, body), seen);

    assertThat(seen.files.keySet()).containsExactly("image-01.png", "image-02.gif");
    assertThat(seen.files.get("image-01.png")).isEqualTo(PNG);
    assertThat(seen.files.get("image-02.gif")).isEqualTo(GIF);
    assertThat(seen.prompt)
        .contains(seen.directory.resolve("image-01.png").toString())
        .contains(seen.directory.resolve("image-02.gif").toString())
        .containsPattern("- `[0-9a-f-]+-fake\\.png`: its content is not a PNG, JPEG, GIF or WebP")
        .doesNotContain("jwt=");
    assertThat(seen.directory).doesNotExist();
    assertThat(github.attachmentDownloads())
        .hasSize(3)
        .allSatisfy(
            download -> {
              assertThat(download.withAuthorization()).isFalse();
              assertThat(download.path()).startsWith("/private-user-images/");
              assertThat(download.status()).isEqualTo(200);
            });
  }

  @Test
  void theAttachmentsOwnUrlIsNotServedWithoutAToken() throws Exception {
    String screenshot = github.uploadAttachment("screenshot.png", "image/png", PNG);
    var http = java.net.http.HttpClient.newHttpClient();
    var anonymous = java.net.http.HttpRequest.newBuilder(java.net.URI.create(screenshot)).build();
    var signedIn =
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(screenshot))
            .header("Authorization", "token " + TOKEN)
            .build();

    assertThat(
            http.send(anonymous, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode())
        .isEqualTo(404);
    assertThat(http.send(signedIn, java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body())
        .isEqualTo(PNG);
    assertThat(github.attachmentDownloads())
        .extracting(AttachmentDownload::withAuthorization)
        .containsExactly(false, true);
  }

  @Test
  void anIssueWhoseTextCannotBeReadRunsWithoutImagesAndSaysSo() {
    String screenshot = github.uploadAttachment("screenshot.png", "image/png", PNG);
    String body = "![screenshot](" + screenshot + ")";
    FakeIssue issue = github.openIssue("acme", "widgets", "Crash on start", body);
    github.failNextApiCalls(1, 502);
    Seen seen = new Seen();

    RunEvent outcome = run(task(issue, body), seen);

    assertThat(outcome.getClass().getSimpleName()).isEqualTo("TaskCompleted");
    assertThat(seen.files).isEmpty();
    assertThat(seen.prompt)
        .contains(
            "the issue's images: GitHub did not serve the issue's text (GitHub answered 502)");
  }

  /** What the agent found while it ran. */
  private static final class Seen {
    String prompt;
    Path directory;
    final Map<String, byte[]> files = new TreeMap<>();
  }

  private IssueTriggered task(FakeIssue issue, String body) {
    return new IssueTriggered(
        TaskEvent.SCHEMA_VERSION,
        "t-images",
        "d-images",
        repository,
        new IssueRef(issue.number(), issue.title(), issue.htmlUrl()),
        body,
        new Trigger(TriggerKind.LABEL, "acme", ""),
        1,
        Instant.now());
  }

  private RunEvent run(IssueTriggered task, Seen seen) {
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
    TaskRunner runner =
        new TaskRunner(
            new GitWorkspaces(gitProperties, GitCredentials.token(() -> TOKEN)),
            request -> looking(request, seen),
            agentProperties,
            gitProperties,
            new TaskEventPublisher(
                new KafkaTemplate<>(new MockProducerFactory<>(IssueImagesTaskTest::producer))),
            new WorkerProperties(
                1,
                "worker-test",
                2,
                Duration.ofSeconds(30),
                Duration.ofMinutes(2),
                Duration.ofDays(1)),
            new Cancellations(),
            CommitAuthor.kaka(gitProperties.author()),
            new NoreplyAddresses(GitHubServer.of(github.apiUrl())),
            DashboardProperties.NONE,
            TestImages.of(github, TOKEN, gitProperties),
            TestChecks.of(github, TOKEN),
            TestSessions.none(),
            Clock.systemUTC());
    return runner.run(task, 1);
  }

  /** An agent that reads what it may read besides its workspace, and writes one file. */
  private AgentResult looking(AgentRequest request, Seen seen) {
    seen.prompt = request.prompt();
    try {
      for (Path readable : request.context().readOnlyPaths()) {
        if (readable.startsWith(temp.resolve("attachments"))) {
          seen.directory = readable;
          try (Stream<Path> files = Files.list(readable)) {
            for (Path file : files.toList()) {
              seen.files.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
          }
        }
      }
      Files.writeString(request.workspace().resolve("fix.txt"), "fixed\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new AgentResult(
        AgentResult.Outcome.SUCCEEDED, null, "completed", "Done.", false, AgentReport.empty());
  }

  private static MockProducer<String, RunEvent> producer() {
    return new MockProducer<>(true, null, new StringSerializer(), new JacksonJsonSerializer<>());
  }

  private static byte[] bytes(byte[] head, String rest) {
    byte[] tail = rest.getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[head.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }
}
