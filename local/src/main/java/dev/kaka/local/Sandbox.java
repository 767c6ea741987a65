package dev.kaka.local;

import dev.kaka.testkit.agent.StubAgent;
import dev.kaka.testkit.github.FakeGitHub;
import dev.kaka.testkit.github.FakeIssue;
import dev.kaka.testkit.github.FakeRepository;
import dev.kaka.testkit.webhook.WebhookPayload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A GitHub of Kaka's own for trying it without credentials: the fake GitHub from the tests with a
 * seeded repository and open issues, and the stub agent in place of Claude Code.
 */
final class Sandbox implements AutoCloseable {

  static final String OWNER = "kaka-sandbox";
  static final String REPOSITORY = "hello-kaka";
  static final String BRANCH = "main";
  static final String TOKEN = "sandbox-token";

  private final FakeGitHub github;
  private final FakeRepository repository;
  private final List<FakeIssue> issues;
  private final Path agentScript;
  private final Path payloads;

  private Sandbox(
      FakeGitHub github,
      FakeRepository repository,
      List<FakeIssue> issues,
      Path agentScript,
      Path payloads) {
    this.github = github;
    this.repository = repository;
    this.issues = issues;
    this.agentScript = agentScript;
    this.payloads = payloads;
  }

  /**
   * Starts a fresh sandbox GitHub with its files under {@code dir}; what an earlier sandbox left
   * there is removed, the rest of {@code dir} is left alone.
   */
  static Sandbox start(Path dir) {
    for (String own : List.of("github", "bin", "payloads")) {
      deleteRecursively(dir.resolve(own));
    }
    FakeGitHub github = FakeGitHub.start(dir.resolve("github"), TOKEN);
    FakeRepository repository =
        github.createRepository(
            OWNER,
            REPOSITORY,
            BRANCH,
            Map.of(
                "README.md",
                    "# Hello, Kaka\n\nThis repositroy is where Kaka's sandbox tasks land.\n",
                "src/greeting.py", "def greeting(name):\n    return 'Hello, ' + name\n"));
    List<FakeIssue> issues = new ArrayList<>();
    issues.add(
        github.openIssue(
            OWNER,
            REPOSITORY,
            "Fix the typo in the README",
            "The README says \"repositroy\"; it should say \"repository\"."));
    issues.add(
        github.openIssue(
            OWNER,
            REPOSITORY,
            "Add a contributing guide",
            "Newcomers ask how to run the tests. Add a CONTRIBUTING.md that explains it."));
    issues.add(
        github.openIssue(
            OWNER,
            REPOSITORY,
            "An issue the agent cannot finish",
            "The sandbox agent fails on this one, to show how Kaka reports it. " + StubAgent.FAIL));
    issues.add(
        github.openIssue(
            OWNER,
            REPOSITORY,
            "An issue that needs no change",
            "The sandbox agent changes nothing here. " + StubAgent.NO_CHANGE));
    // the sandbox's payloads come from this maintainer: Kaka obeys only people who can write
    github.setPermission(
        OWNER,
        REPOSITORY,
        WebhookPayload.issueLabeled().json().path("sender").path("login").asString(),
        "write");
    Path agentScript = StubAgent.install(dir.resolve("bin"));
    Sandbox sandbox =
        new Sandbox(github, repository, List.copyOf(issues), agentScript, dir.resolve("payloads"));
    sandbox.writePayloads();
    return sandbox;
  }

  String apiUrl() {
    return github.apiUrl();
  }

  /** What a worker needs to clone from and push to this sandbox's GitHub. */
  Map<String, String> workerProperties() {
    return Map.of("kaka.git.remote-url", github.remoteUrlTemplate());
  }

  FakeGitHub github() {
    return github;
  }

  List<FakeIssue> issues() {
    return issues;
  }

  List<String> agentCommand() {
    return StubAgent.command(agentScript);
  }

  Path payloads() {
    return payloads;
  }

  /** A signed-ready {@code issues.labeled} delivery that asks Kaka to work on {@code issue}. */
  WebhookPayload labeled(FakeIssue issue, String label) {
    return WebhookPayload.issueLabeled()
        .label(label)
        .repository(OWNER, REPOSITORY, repository.cloneUrl(), BRANCH)
        .issue(issue.number(), issue.title(), issue.body());
  }

  WebhookPayload commented(FakeIssue issue, String comment) {
    return WebhookPayload.issueCommentCreated()
        .repository(OWNER, REPOSITORY, repository.cloneUrl(), BRANCH)
        .issue(issue.number(), issue.title(), issue.body())
        .comment(comment);
  }

  private void writePayloads() {
    try {
      Files.createDirectories(payloads);
      for (FakeIssue issue : issues) {
        Files.write(
            payloads.resolve("issues.labeled.issue-" + issue.number() + ".json"),
            labeled(issue, "kaka").bytes());
      }
      Files.write(
          payloads.resolve("issue_comment.created.issue-1.json"),
          commented(issues.get(0), "/kaka keep the change to one line").bytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    github.close();
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
