package dev.kaka.bench.system;

import dev.kaka.local.LocalSettings;
import dev.kaka.local.LocalSystem;
import dev.kaka.local.ServiceJars;
import dev.kaka.testkit.agent.StubAgent;
import dev.kaka.testkit.github.FakeGitHub;
import dev.kaka.testkit.github.FakeIssue;
import dev.kaka.testkit.github.FakePullRequest;
import dev.kaka.testkit.github.FakeRepository;
import dev.kaka.testkit.webhook.WebhookPayload;
import dev.kaka.testkit.webhook.WebhookSender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kaka as {@code ./kaka up --sandbox} runs it, for the benchmarks: the broker and the MongoDB
 * stand-in in this JVM, ingress, worker(s) and notifier as JVMs of their own from their executable
 * jars, the fake GitHub with one small repository, and the stub agent, which records when each run
 * started.
 */
public final class BenchSystem implements AutoCloseable {

  public static final String OWNER = "bench";
  public static final String NAME = "app";
  public static final String TOKEN = "bench-github-token";

  /** The small repository the benchmarks' tasks work on. */
  public static final Map<String, String> REPOSITORY_FILES =
      Map.of(
          "README.md", "# Bench app\n",
          "src/main/java/app/App.java", "package app;\n\nclass App {}\n",
          ".gitignore", "target/\n");

  private static final String SECRET = "bench-webhook-secret";

  /** Who sends the testkit's payloads. */
  private static final String SENDER =
      WebhookPayload.issueLabeled().json().path("sender").path("login").asString();

  private static final Pattern ISSUE_BRANCH = Pattern.compile("kaka/issue-(\\d+)-");
  private static final Pattern QUEUED_TASK =
      Pattern.compile("\"status\":\"queued\".*\"taskId\":\"([^\"]+)\"");

  private final FakeGitHub github;
  private final FakeRepository repository;
  private final LocalSystem system;
  private final WebhookSender webhooks;
  private final Path startLog;
  private final Map<String, Integer> ports;

  private BenchSystem(
      FakeGitHub github,
      FakeRepository repository,
      LocalSystem system,
      Path startLog,
      Map<String, Integer> ports) {
    this.github = github;
    this.repository = repository;
    this.system = system;
    this.webhooks = new WebhookSender(URI.create(system.webhookUrl()), SECRET);
    this.startLog = startLog;
    this.ports = ports;
  }

  /**
   * Starts everything under {@code dir}, with {@code workerProperties} added to the worker's
   * configuration (and to every worker added later).
   */
  public static BenchSystem start(
      Path dir, Map<String, String> workerProperties, Consumer<String> progress) {
    return start(dir, workerProperties, Map.of(), progress);
  }

  /** As {@link #start(Path, Map, Consumer)}, with {@code notifierProperties} for the notifier. */
  public static BenchSystem start(
      Path dir,
      Map<String, String> workerProperties,
      Map<String, String> notifierProperties,
      Consumer<String> progress) {
    FakeGitHub github = FakeGitHub.start(dir.resolve("github"), TOKEN);
    try {
      FakeRepository repository = github.createRepository(OWNER, NAME, "main", REPOSITORY_FILES);
      // the payloads' sender maintains the repository: Kaka obeys only people who can write
      github.setPermission(OWNER, NAME, SENDER, "write");
      Path startLog = dir.resolve("agent-starts.tsv");
      Map<String, String> ingress = new HashMap<>();
      // every task comes from the same sender and repository; the limits are not what is measured
      ingress.put("kaka.webhook.rate-limit.per-sender.limit", "1000000");
      ingress.put("kaka.webhook.rate-limit.per-repository.limit", "1000000");
      Map<String, String> worker = new HashMap<>(workerProperties);
      // the stub records when each run starts in a file beside the system, which the agent sandbox
      // hides from it; what the sandbox adds to a start is sandbox-start.sh's to measure
      worker.putIfAbsent("kaka.agent.sandbox", "off");
      worker.put("kaka.git.remote-url", github.remoteUrlTemplate());
      Map<String, String> notifier = new HashMap<>();
      // writes are paced, but on a clock so fast that their turns never wait at these benchmarks'
      // pace: the fake GitHub enforces no limits unless asked, and what they cost is
      // org-scale.sh's to measure
      notifier.put("kaka.github.pacing.speed-up", "3600");
      notifier.putAll(notifierProperties);
      Map<String, Integer> ports =
          Map.of(
              LocalSettings.INGRESS,
              freePort(),
              LocalSettings.WORKER,
              freePort(),
              LocalSettings.NOTIFIER,
              freePort());
      LocalSettings settings =
          new LocalSettings(
              dir,
              null,
              null,
              github.apiUrl(),
              TOKEN,
              SECRET,
              StubAgent.command(StubAgent.install(dir.resolve("bin")), startLog),
              Duration.ofMinutes(2),
              ports,
              Map.of(
                  LocalSettings.INGRESS,
                  ingress,
                  LocalSettings.WORKER,
                  worker,
                  LocalSettings.NOTIFIER,
                  notifier));
      LocalSystem system = LocalSystem.start(settings, ServiceJars.inBuild(), progress);
      return new BenchSystem(github, repository, system, startLog, ports);
    } catch (RuntimeException e) {
      github.close();
      throw e;
    }
  }

  public FakeIssue openIssue(String title, String body) {
    return github.openIssue(OWNER, NAME, title, body);
  }

  /** Labels the issue {@code kaka} by webhook; fails unless the ingress queued a task. */
  public Accepted trigger(FakeIssue issue) {
    HttpResponse<String> response = webhooks.send(labeled(repository, issue));
    Instant accepted = Instant.now();
    if (response.statusCode() != 202 || !response.body().contains("\"queued\"")) {
      throw new IllegalStateException(
          "the webhook for issue #"
              + issue.number()
              + " was answered "
              + response.statusCode()
              + " "
              + response.body());
    }
    return new Accepted(issue.number(), accepted);
  }

  /**
   * The webhook that labels {@code issue} of {@code repo} (one of {@link #createRepository}'s, or
   * the first) {@code kaka}.
   */
  public static WebhookPayload labeled(FakeRepository repo, FakeIssue issue) {
    return WebhookPayload.issueLabeled()
        .label("kaka")
        .repository(repo.owner(), repo.name(), repo.cloneUrl(), "main")
        .issue(issue.number(), issue.title(), issue.body());
  }

  /** Sends {@code payload} signed; returns the id of the task the ingress queued for it. */
  public String queue(WebhookPayload payload) {
    HttpResponse<String> response = webhooks.send(payload);
    Matcher task = QUEUED_TASK.matcher(response.body());
    if (response.statusCode() != 202 || !task.find()) {
      throw new IllegalStateException(
          "the webhook was answered " + response.statusCode() + " " + response.body());
    }
    return task.group(1);
  }

  /**
   * One more repository of {@link #OWNER}, with the same files as the first, whose maintainers the
   * payloads' sender is among.
   */
  public FakeRepository createRepository(String name) {
    FakeRepository created = github.createRepository(OWNER, name, "main", REPOSITORY_FILES);
    github.setPermission(OWNER, name, SENDER, "write");
    return created;
  }

  /** The Prometheus scrape of {@code service} ({@link LocalSettings#NOTIFIER}, say). */
  public URI prometheus(String service) {
    return URI.create("http://127.0.0.1:" + ports.get(service) + "/actuator/prometheus");
  }

  /** The fake GitHub the system works against. */
  public FakeGitHub github() {
    return github;
  }

  /** The clone URL of the repository, as payloads name it. */
  public String cloneUrl() {
    return repository.cloneUrl();
  }

  /** A webhook the ingress answered 202 (queued), and when the answer arrived. */
  public record Accepted(int issue, Instant at) {}

  /** When the agent process started for each issue, from the stub's start log. */
  public Map<Integer, Instant> agentStarts() {
    Map<Integer, Instant> starts = new HashMap<>();
    for (StubAgent.Start start : StubAgent.starts(startLog)) {
      Matcher branch = ISSUE_BRANCH.matcher(start.promptFirstLine());
      if (branch.find()) {
        starts.putIfAbsent(Integer.parseInt(branch.group(1)), start.at());
      }
    }
    return starts;
  }

  /** When the fake GitHub opened the pull request for {@code issue}, if it has one yet. */
  public Optional<Instant> pullRequestOpened(int issue) {
    List<FakePullRequest> pulls = github.pullRequests(OWNER, NAME);
    for (FakePullRequest pull : pulls) {
      Matcher branch = ISSUE_BRANCH.matcher(pull.head());
      if (branch.lookingAt() && Integer.parseInt(branch.group(1)) == issue) {
        return Optional.of(github.openedAt(OWNER, NAME, pull.number()));
      }
    }
    return Optional.empty();
  }

  public String addWorker() {
    return system.addWorker();
  }

  public String kafkaBootstrapServers() {
    return system.kafkaBootstrapServers();
  }

  @Override
  public void close() {
    system.close();
    github.close();
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
