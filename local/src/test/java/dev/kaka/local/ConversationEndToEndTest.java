package dev.kaka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kaka.testkit.agent.StubAgent;
import dev.kaka.testkit.github.FakePullRequest;
import dev.kaka.testkit.github.FakeReview;
import dev.kaka.testkit.github.FakeReviewComment;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The conversation on GitHub: who may trigger, follow-ups on the pull request, cancel, labels. */
class ConversationEndToEndTest {

  private final RunningSystem kaka = RunningSystem.get();

  @Test
  void assigningTheIssueToKakaStartsATaskAndPutsNoStateLabelOnItByDefault() {
    Scenario scenario = new Scenario(kaka, "assigned", "Fix the typo", "It says teh.");

    JsonNode task =
        scenario.awaitFinished(scenario.trigger(scenario.assigned(kaka.app.botLogin())));

    assertThat(task.path("status").asString()).isEqualTo("completed");
    assertThat(task.path("trigger").asString()).isEqualTo("ASSIGNMENT");
    // kaka.notifier.state-labels is off by default: each label change costs GitHub writes
    assertThat(kaka.github.labels("octo", scenario.repo, scenario.issue.number()))
        .noneMatch(label -> label.startsWith("kaka:"));
  }

  @Test
  void aCommandOnKakasPullRequestAddsACommitToItAndOpensNoOther() {
    Scenario scenario = new Scenario(kaka, "follow-up", "Add a greeting", "Say hello.");
    FakePullRequest pull = kakasPullRequest(scenario);
    String firstHead = kaka.github.branchHead("octo", scenario.repo, pull.head()).orElseThrow();

    String followUp =
        scenario.trigger(scenario.commentedOnPullRequest(pull, "/kaka also greet the moon"));

    JsonNode task = scenario.awaitFinished(followUp);
    assertThat(task.path("status").asString()).as(task.toString()).isEqualTo("completed");
    assertThat(task.path("trigger").asString()).isEqualTo("PR_COMMENT");
    assertThat(task.path("branch").asString()).isEqualTo(pull.head());
    assertThat(scenario.pullRequests()).hasSize(1);
    String newHead = kaka.github.branchHead("octo", scenario.repo, pull.head()).orElseThrow();
    assertThat(newHead).isNotEqualTo(firstHead);
    assertThat(kaka.github.file("octo", scenario.repo, pull.head(), StubAgent.CHANGED_FILE))
        .hasValueSatisfying(content -> assertThat(content).contains("of an open pull request"));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(scenario.comments(pull.number()))
                    .singleElement()
                    .satisfies(comment -> assertThat(comment.body()).contains(pull.htmlUrl())));
  }

  @Test
  void aReviewOfSeveralCommentsBecomesOneTaskAndItsCommentsStartNoneOfTheirOwn() {
    Scenario scenario = new Scenario(kaka, "review", "Add a greeting", "Say hello.");
    FakePullRequest pull = kakasPullRequest(scenario);
    FakeReview review =
        submitReview(
            scenario,
            pull,
            FakeReviewComment.draft(StubAgent.CHANGED_FILE, 1, "/kaka greet the moon too"),
            FakeReviewComment.draft("README.md", 2, "Fix the typo on this line."),
            FakeReviewComment.draft("README.md", 1, "A title <!-- hidden -->in capitals."));

    // GitHub sends the comments and the review in no particular order
    JsonNode first =
        scenario.send(scenario.reviewCommented(pull, review, review.comments().get(0)));
    String taskId = scenario.trigger(scenario.reviewed(pull, review));
    List<JsonNode> others =
        review.comments().subList(1, 3).stream()
            .map(comment -> scenario.send(scenario.reviewCommented(pull, review, comment)))
            .toList();

    assertThat(first.path("status").asString()).isEqualTo("ignored");
    assertThat(first.path("message").asString()).contains("part of review " + review.id());
    assertThat(others)
        .allSatisfy(answer -> assertThat(answer.path("status").asString()).isEqualTo("ignored"));
    JsonNode task = scenario.awaitFinished(taskId);
    assertThat(task.path("status").asString()).as(task.toString()).isEqualTo("completed");
    assertThat(task.path("trigger").asString()).isEqualTo("REVIEW");
    assertThat(task.path("branch").asString()).isEqualTo(pull.head());
    String prompt = kaka.audit(taskId).path("prompt").asString();
    assertThat(prompt)
        .contains(
            "<review-comment file=\""
                + StubAgent.CHANGED_FILE
                + "\" line=\"1\">\ngreet the moon too\n",
            "<review-comment file=\"README.md\" line=\"2\">\nFix the typo on this line.\n",
            "<review-comment file=\"README.md\" line=\"1\">\nA title in capitals.\n")
        .doesNotContain("hidden");
    // the labeled issue's task and the review's, no other
    assertThat(scenario.tasks()).hasSize(2);
    assertThat(scenario.pullRequests()).hasSize(1);
  }

  @Test
  void aRetryOfAReviewsTaskAsksForTheSameCommentsInTheReviewersName() {
    Scenario scenario = new Scenario(kaka, "review-retry", "Add a greeting", "Say hello.");
    FakePullRequest pull = kakasPullRequest(scenario);
    FakeReview review =
        submitReview(
            scenario,
            pull,
            FakeReviewComment.draft(
                StubAgent.CHANGED_FILE, 1, "/kaka think it over " + StubAgent.HANG),
            FakeReviewComment.draft("README.md", 2, "Fix the typo on this line."));
    String taskId = scenario.trigger(scenario.reviewed(pull, review));
    scenario.awaitStatus(taskId, "running");
    assertThat(kaka.post("/tasks/" + taskId + "/cancel").statusCode()).isEqualTo(202);
    assertThat(scenario.awaitFinished(taskId).path("status").asString()).isEqualTo("cancelled");

    var retry = kaka.post("/tasks/" + taskId + "/retry");

    assertThat(retry.statusCode()).as(retry.body()).isEqualTo(202);
    // the retry runs (and hangs, as the review's first comment says) as attempt 2
    await()
        .atMost(Scenario.FINISH)
        .until(
            () -> kaka.task(taskId),
            task ->
                task.path("attempt").asInt() == 2
                    && task.path("status").asString().equals("running"));
    JsonNode audit =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> kaka.audit(taskId),
                seen -> seen != null && seen.path("promptAttempt").asInt() == 2);
    assertThat(audit.path("prompt").asString())
        .contains(
            "@" + Scenario.SENDER + " reviewed the pull request",
            "<review-comment file=\""
                + StubAgent.CHANGED_FILE
                + "\" line=\"1\">\nthink it over "
                + StubAgent.HANG
                + "\n",
            "<review-comment file=\"README.md\" line=\"2\">\nFix the typo on this line.\n");
    assertThat(kaka.post("/tasks/" + taskId + "/cancel").statusCode()).isEqualTo(202);
    assertThat(scenario.awaitFinished(taskId).path("status").asString()).isEqualTo("cancelled");
  }

  /** The pull request Kaka opened for the scenario's issue, once labeled. */
  private static FakePullRequest kakasPullRequest(Scenario scenario) {
    scenario.awaitFinished(scenario.trigger(scenario.labeled()));
    return scenario.onlyPullRequest();
  }

  /** A review by the payloads' sender of {@code pull}, with {@code comments} on its lines. */
  private FakeReview submitReview(
      Scenario scenario, FakePullRequest pull, FakeReviewComment... comments) {
    return kaka.github.submitReview(
        "octo", scenario.repo, pull.number(), Scenario.SENDER, "", List.of(comments));
  }

  @Test
  void aCommandOnAPullRequestKakaDidNotOpenIsIgnored() {
    Scenario scenario = new Scenario(kaka, "foreign-pr", "Anything", "Body.");
    FakePullRequest foreign =
        new FakePullRequest(
            99,
            "Someone's PR",
            "",
            "feature",
            "main",
            "open",
            false,
            "octo",
            "http://example.invalid/pull/99");

    JsonNode answer = scenario.send(scenario.commentedOnPullRequest(foreign, "/kaka do it"));

    assertThat(answer.path("status").asString()).isEqualTo("ignored");
    assertThat(answer.path("message").asString()).contains("not opened by Kaka");
  }

  @Test
  void anUntrustedCommenterIsToldOnceAndNoTaskStarts() {
    Scenario scenario = new Scenario(kaka, "untrusted", "Do it", "Body.");

    JsonNode first = scenario.send(scenario.commentedBy("/kaka now", "mallory", "NONE"));
    scenario.send(scenario.commentedBy("/kaka now please", "mallory", "NONE"));

    assertThat(first.path("status").asString()).isEqualTo("refused");
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(scenario.comments(scenario.issue.number()))
                    .singleElement()
                    .satisfies(
                        comment ->
                            assertThat(comment.body())
                                .contains("@mallory")
                                .contains("owners, members and collaborators")));
    assertThat(scenario.pullRequests()).isEmpty();
  }

  @Test
  void aSecondTriggerWhileTheTaskRunsJoinsItAndACancelStopsIt() {
    Scenario scenario = new Scenario(kaka, "cancel", "Think forever", StubAgent.HANG);
    String taskId = scenario.trigger(scenario.labeled());
    scenario.awaitStatus(taskId, "running");

    // a second, different trigger (the same bytes again would be a replayed delivery)
    JsonNode again = scenario.send(scenario.commented("/kaka"));
    JsonNode cancel = scenario.send(scenario.commented("/kaka cancel"));

    assertThat(again.path("status").asString()).isEqualTo("attached");
    assertThat(again.path("taskId").asString()).isEqualTo(taskId);
    assertThat(cancel.path("status").asString()).isEqualTo("cancel-requested");
    JsonNode task = scenario.awaitFinished(taskId);
    assertThat(task.path("status").asString()).isEqualTo("cancelled");
    long worker = kaka.system.service(LocalSettings.WORKER).pid();
    assertThat(ProcessHandle.of(worker).orElseThrow().descendants()).isEmpty();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(scenario.onlyComment().body())
                    .contains("stopped working on this")
                    .contains("@Codertocat"));
    assertThat(scenario.pullRequests()).isEmpty();
  }

  @Test
  void theTaskApiCancelsARunningTaskAndRetriesItAsANewAttempt() {
    Scenario scenario = new Scenario(kaka, "api-retry", "Think forever", StubAgent.HANG);
    String taskId = scenario.trigger(scenario.labeled());
    scenario.awaitStatus(taskId, "running");

    assertThat(kaka.post("/tasks/" + taskId + "/cancel").statusCode()).isEqualTo(202);
    assertThat(scenario.awaitFinished(taskId).path("status").asString()).isEqualTo("cancelled");
    assertThat(kaka.post("/tasks/" + taskId + "/cancel").statusCode()).isEqualTo(409);
    var retry = kaka.post("/tasks/" + taskId + "/retry");

    assertThat(retry.statusCode()).as(retry.body()).isEqualTo(202);
    assertThat(retry.body()).contains("\"attempt\":2");
    JsonNode second =
        await()
            .atMost(Scenario.FINISH)
            .until(
                () -> kaka.task(taskId),
                task ->
                    task.path("attempt").asInt() == 2
                        && task.path("status").asString().equals("failed"));
    assertThat(second.path("failureKind").asString()).isEqualTo("AGENT_TIMED_OUT");
    assertThat(second.path("trigger").asString()).isEqualTo("RETRY");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(scenario.onlyComment().body())
                    .contains("attempt 2")
                    .contains("could not finish"));
    assertThat(kaka.post("/tasks/no-such-task/retry").statusCode()).isEqualTo(404);
  }
}
