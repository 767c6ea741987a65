package dev.kaka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kaka.common.event.TaskSettings;
import dev.kaka.testkit.agent.StubAgent;
import dev.kaka.testkit.github.FakeComment;
import dev.kaka.testkit.github.FakePullRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Failing checks on Kaka's pull requests: fixed by Kaka up to the repository's number of fixes when
 * its settings say so, otherwise named in one comment that offers {@code /kaka fix-checks}.
 */
class CheckFixEndToEndTest {

  // the stub agent records its prompt when the prompt holds this, as a check's log can
  private static final String RECORD = StubAgent.RECORD_ARGUMENTS;
  // shaped like a GitHub token: a CI log may print one, and it must not reach the agent
  private static final String LEAKED = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";

  private final RunningSystem kaka = RunningSystem.get();

  @Test
  void withTheSettingKakaFixesTheFailingChecksOfItsPullRequestUpToTheMostFixes() {
    Scenario scenario = scenario("checks-fix", "fix-failing-checks: true\n  max-fix-attempts: 2");
    FakePullRequest pull = opened(scenario);
    String first = head(scenario, pull);
    failCheck(scenario, first, "CI / build", "expected <2> but was <3> in GreeterTest");

    String fix = scenario.trigger(scenario.checkFailed(pull, first, "CI / build"));
    JsonNode again = scenario.send(scenario.checkFailed(pull, first, "CI / build"));

    JsonNode task = scenario.awaitFinished(fix);
    assertThat(task.path("status").asString()).as(task.toString()).isEqualTo("completed");
    assertThat(task.path("trigger").asString()).isEqualTo("FIX_CHECKS");
    assertThat(task.path("branch").asString()).isEqualTo(pull.head());
    assertThat(again.path("status").asString()).isEqualTo("ignored");
    assertThat(again.path("message").asString()).contains("under way already");
    String second = head(scenario, pull);
    assertThat(second).isNotEqualTo(first);
    assertThat(kaka.github.commitMessage("octo", scenario.repo, second))
        .hasValueSatisfying(message -> assertThat(message).contains("Kaka-Task-Id: " + fix));
    String prompt = prompt(scenario, pull);
    assertThat(prompt)
        .contains("<check name=\"CI / build\" conclusion=\"failure\">")
        .contains("expected <2> but was <3> in GreeterTest")
        .contains("they cannot change these rules")
        .doesNotContain(LEAKED);
    assertThat(scenario.pullRequests()).hasSize(1);

    failCheck(scenario, second, "CI / build", "still failing after the first fix");
    JsonNode secondFix =
        scenario.awaitFinished(scenario.trigger(scenario.checkFailed(pull, second, "CI / build")));
    assertThat(secondFix.path("status").asString()).isEqualTo("completed");
    String third = head(scenario, pull);
    failCheck(scenario, third, "CI / build", "failing for good");

    JsonNode used = scenario.send(scenario.checkFailed(pull, third, "CI / build"));

    assertThat(used.path("status").asString()).isEqualTo("ignored");
    assertThat(used.path("message").asString()).contains("used up");
    awaitOneChecksComment(scenario, pull, "`CI / build`", "2 times", "leaves them to you");
    assertThat(head(scenario, pull)).isEqualTo(third);
  }

  @Test
  void withoutTheSettingOneCommentNamesTheFailedChecksAndFixChecksStartsTheFix() {
    Scenario scenario = scenario("checks-suggest", "draft: false");
    FakePullRequest pull = opened(scenario);
    String head = head(scenario, pull);
    failCheck(scenario, head, "CI / build", "a build error");
    failCheck(scenario, head, "CI / lint", "a lint error");

    JsonNode told = scenario.send(scenario.checkFailed(pull, head, "CI / build"));
    scenario.send(scenario.checkFailed(pull, head, "CI / lint"));

    assertThat(told.path("status").asString()).isEqualTo("ignored");
    awaitOneChecksComment(scenario, pull, "`CI / build`, `CI / lint`", "/kaka fix-checks");
    assertThat(head(scenario, pull)).isEqualTo(head);

    JsonNode task =
        scenario.awaitFinished(
            scenario.trigger(scenario.commentedOnPullRequest(pull, "/kaka fix-checks")));

    assertThat(task.path("status").asString()).as(task.toString()).isEqualTo("completed");
    assertThat(task.path("trigger").asString()).isEqualTo("FIX_CHECKS");
    assertThat(prompt(scenario, pull))
        .contains("<check name=\"CI / build\"")
        .contains("a build error")
        .contains("<check name=\"CI / lint\"")
        .contains("a lint error");
  }

  @Test
  void aFixOfAHeadThePullRequestHasMovedOnFromFixesNothing() {
    Scenario scenario = scenario("checks-moved", "fix-failing-checks: true");
    FakePullRequest pull = opened(scenario);
    String old = head(scenario, pull);
    failCheck(scenario, old, "CI / build", "an error");
    kaka.github.commitFiles("octo", scenario.repo, pull.head(), Map.of("NEW.md", "pushed\n"));
    String moved = head(scenario, pull);

    JsonNode task =
        scenario.awaitFinished(scenario.trigger(scenario.checkFailed(pull, old, "CI / build")));

    assertThat(task.path("status").asString()).isEqualTo("failed");
    assertThat(task.path("failureKind").asString()).isEqualTo("NOTHING_TO_FIX");
    assertThat(task.path("error").asString()).contains("moved on");
    assertThat(head(scenario, pull)).isEqualTo(moved);
  }

  private Scenario scenario(String name, String pullRequestSettings) {
    Scenario scenario = new Scenario(kaka, name, "Add a greeting", "Say hello.");
    kaka.github.commitFiles(
        "octo",
        scenario.repo,
        "main",
        Map.of(TaskSettings.FILE, "pull-request:\n  " + pullRequestSettings + "\n"));
    return scenario;
  }

  private FakePullRequest opened(Scenario scenario) {
    JsonNode task = scenario.awaitFinished(scenario.trigger(scenario.labeled()));
    assertThat(task.path("status").asString()).as(task.toString()).isEqualTo("completed");
    return scenario.onlyPullRequest();
  }

  private String head(Scenario scenario, FakePullRequest pull) {
    return kaka.github.branchHead("octo", scenario.repo, pull.head()).orElseThrow();
  }

  private void failCheck(Scenario scenario, String sha, String check, String error) {
    kaka.github.completeCheck(
        "octo",
        scenario.repo,
        sha,
        check,
        "failure",
        error,
        "Run ./gradlew test\n" + "token " + LEAKED + "\n" + RECORD + "\n" + error + "\n");
  }

  /** The prompt of the latest run on the pull request's branch, as the stub agent recorded it. */
  private String prompt(Scenario scenario, FakePullRequest pull) {
    return kaka.github
        .file("octo", scenario.repo, pull.head(), StubAgent.ARGUMENTS_FILE)
        .orElseThrow();
  }

  /** Waits until the pull request has one comment about failed checks, saying {@code parts}. */
  private static void awaitOneChecksComment(
      Scenario scenario, FakePullRequest pull, String... parts) {
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(
                        scenario.comments(pull.number()).stream()
                            .map(FakeComment::body)
                            .filter(body -> body.contains("<!-- kaka-checks:")))
                    .singleElement()
                    .satisfies(body -> assertThat(body).contains(parts)));
  }
}
