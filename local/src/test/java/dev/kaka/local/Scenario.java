package dev.kaka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kaka.testkit.github.FakeComment;
import dev.kaka.testkit.github.FakeIssue;
import dev.kaka.testkit.github.FakePullRequest;
import dev.kaka.testkit.github.FakeRepository;
import dev.kaka.testkit.github.FakeReview;
import dev.kaka.testkit.github.FakeReviewComment;
import dev.kaka.testkit.webhook.WebhookPayload;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** One issue in a repository of its own, so end-to-end tests do not see each other's work. */
public final class Scenario {

  static final Duration FINISH = Duration.ofSeconds(60);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  final RunningSystem kaka;
  public final String owner;
  public final String repo;
  final FakeRepository repository;
  final FakeIssue issue;

  public Scenario(RunningSystem kaka, String name, String title, String body) {
    this(kaka, "octo", name, title, body);
  }

  /**
   * An issue in a repository of its own of {@code owner}, an account the App is installed on: for
   * settings that name an organisation, such as a budget.
   */
  public Scenario(RunningSystem kaka, String owner, String name, String title, String body) {
    this.kaka = kaka;
    this.owner = owner;
    repo = name + "-" + UUID.randomUUID().toString().substring(0, 8);
    repository =
        kaka.github.createRepository(
            owner, repo, "main", Map.of("README.md", "# " + repo + "\nteh project\n"));
    issue = kaka.github.openIssue(owner, repo, title, body);
    // the payloads' sender maintains the repository: Kaka obeys only people who can write
    kaka.github.setPermission(owner, repo, SENDER, "write");
  }

  /**
   * An issue in {@code repository} of {@code octo}, which the test created: for settings that name
   * a repository, such as a budget.
   */
  Scenario(RunningSystem kaka, FakeRepository repository, String title, String body) {
    this(kaka, "octo", repository, title, body);
  }

  /** An issue in {@code repository} of {@code owner}, which the test created. */
  public Scenario(
      RunningSystem kaka, String owner, FakeRepository repository, String title, String body) {
    this.kaka = kaka;
    this.owner = owner;
    this.repo = repository.name();
    this.repository = repository;
    issue = kaka.github.openIssue(owner, repo, title, body);
    kaka.github.setPermission(owner, repo, SENDER, "write");
  }

  /** Who sends the testkit's payloads. */
  static final String SENDER =
      WebhookPayload.issueLabeled().json().path("sender").path("login").asString();

  public WebhookPayload labeled() {
    return WebhookPayload.issueLabeled()
        .label("kaka")
        .repository(owner, repo, repository.cloneUrl(), "main")
        .issue(issue.number(), issue.title(), issue.body());
  }

  WebhookPayload commented(String comment) {
    return WebhookPayload.issueCommentCreated()
        .comment(comment)
        .repository(owner, repo, repository.cloneUrl(), "main")
        .issue(issue.number(), issue.title(), issue.body());
  }

  /** A comment by {@code login} whose association with the repository is {@code association}. */
  WebhookPayload commentedBy(String comment, String login, String association) {
    WebhookPayload payload = commented(comment);
    ObjectNode json = (ObjectNode) payload.json().path("comment");
    json.put("author_association", association);
    ((ObjectNode) json.path("user")).put("login", login);
    return payload;
  }

  /** A command on pull request {@code pull}, as {@code issue_comment} (an issue that is a PR). */
  WebhookPayload commentedOnPullRequest(FakePullRequest pull, String comment) {
    WebhookPayload payload =
        WebhookPayload.issueCommentCreated()
            .comment(comment)
            .repository(owner, repo, repository.cloneUrl(), "main")
            .issue(pull.number(), pull.title(), pull.body());
    ((ObjectNode) payload.json().path("issue"))
        .putObject("pull_request")
        .put("html_url", pull.htmlUrl());
    ((ObjectNode) payload.json().path("issue")).put("html_url", pull.htmlUrl());
    return payload;
  }

  /**
   * The check suite of the CI app {@code app} failed on commit {@code sha}, the head of pull
   * request {@code pull}.
   */
  WebhookPayload checkFailed(FakePullRequest pull, String sha, String app) {
    WebhookPayload payload =
        WebhookPayload.checkSuiteCompleted()
            .repository(owner, repo, repository.cloneUrl(), "main")
            .checkSuite("failure", sha, pull.number(), pull.head());
    ((ObjectNode) payload.json().path("check_suite").path("app")).put("name", app);
    return payload;
  }

  /** GitHub's delivery of {@code review}, submitted on pull request {@code pull}. */
  WebhookPayload reviewed(FakePullRequest pull, FakeReview review) {
    return WebhookPayload.reviewSubmitted(
            review.id(), review.body().isEmpty() ? null : review.body())
        .repository(owner, repo, repository.cloneUrl(), "main")
        .pullRequest(pull.number(), pull.title(), pull.body(), pull.htmlUrl());
  }

  /** GitHub's delivery of one comment of {@code review}, which comes with the review's. */
  WebhookPayload reviewCommented(
      FakePullRequest pull, FakeReview review, FakeReviewComment comment) {
    return WebhookPayload.reviewCommentCreated(
            review.id(), comment.id(), comment.path(), comment.line(), comment.body())
        .repository(owner, repo, repository.cloneUrl(), "main")
        .pullRequest(pull.number(), pull.title(), pull.body(), pull.htmlUrl());
  }

  /** The repository's tasks as the task API lists them. */
  JsonNode tasks() {
    return JSON.readTree(kaka.get("/tasks?repo=" + owner + "/" + repo).body()).path("tasks");
  }

  WebhookPayload assigned(String assignee) {
    WebhookPayload payload = labeled();
    payload.json().put("action", "assigned");
    payload.json().remove("label");
    payload.json().putObject("assignee").put("login", assignee);
    return payload;
  }

  /** Sends the delivery; returns the ingress's answer, which must be 202. */
  /**
   * Delivers {@code payload}, and delivers it again (same delivery id, as GitHub's "Redeliver"
   * does) while the ingress answers 503: it does so when GitHub could not tell it whether the
   * sender may start Kaka, as it must while a fault is injected into the fake GitHub.
   */
  JsonNode send(WebhookPayload payload) {
    String delivery = UUID.randomUUID().toString();
    var response = kaka.webhooks.send(payload, delivery);
    for (int redelivery = 0; response.statusCode() == 503 && redelivery < 30; redelivery++) {
      await().pollDelay(Duration.ofMillis(500)).until(() -> true);
      response = kaka.webhooks.send(payload, delivery);
    }
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return JSON.readTree(response.body());
  }

  public String trigger(WebhookPayload payload) {
    return send(payload).path("taskId").asString();
  }

  public JsonNode awaitStatus(String taskId, String status) {
    return await()
        .atMost(FINISH)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> kaka.task(taskId),
            task -> task != null && task.path("status").asString().equals(status));
  }

  public JsonNode awaitFinished(String taskId) {
    return await()
        .atMost(FINISH)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> kaka.task(taskId),
            task ->
                task != null
                    && (task.path("status").asString().equals("failed")
                        || task.path("status").asString().equals("cancelled")
                        || task.path("status").asString().equals("completed")
                            && task.hasNonNull("pullRequestUrl")));
  }

  List<FakePullRequest> pullRequests() {
    return kaka.github.pullRequests(owner, repo);
  }

  List<FakeComment> comments(int number) {
    return kaka.github.comments(owner, repo, number);
  }

  FakePullRequest onlyPullRequest() {
    List<FakePullRequest> pulls = pullRequests();
    assertThat(pulls).hasSize(1);
    return pulls.get(0);
  }

  FakeComment onlyComment() {
    List<FakeComment> comments = comments(issue.number());
    assertThat(comments).hasSize(1);
    return comments.get(0);
  }
}
