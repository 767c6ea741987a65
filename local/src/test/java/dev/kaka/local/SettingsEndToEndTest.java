package dev.kaka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kaka.common.event.TaskSettings;
import dev.kaka.testkit.agent.StubAgent;
import dev.kaka.testkit.github.FakePullRequest;
import dev.kaka.testkit.webhook.WebhookPayload;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A repository's {@code .github/kaka.yml}, read by the ingress from the fake GitHub: valid,
 * invalid, fixed, absent, and changed by a push to the default branch.
 */
class SettingsEndToEndTest {

  private final RunningSystem kaka = RunningSystem.get();

  private void settingsFile(Scenario scenario, String yaml) {
    kaka.github.commitFiles("octo", scenario.repo, "main", Map.of(TaskSettings.FILE, yaml));
  }

  private String recordedArguments(Scenario scenario, String branch) {
    return kaka.github.file("octo", scenario.repo, branch, StubAgent.ARGUMENTS_FILE).orElseThrow();
  }

  @Test
  void aValidFileChoosesTheTriggerTheBranchThePullRequestAndTheAgentsLimits() {
    Scenario scenario =
        new Scenario(
            kaka,
            "settings-valid",
            "Greet in British English",
            "Say hello. " + StubAgent.RECORD_ARGUMENTS);
    kaka.github.pushBranch("octo", scenario.repo, "develop", Map.of("README.md", "develop\n"));
    settingsFile(
        scenario,
        """
        trigger:
          label: ai
        pull-request:
          base-branch: develop
          branch-prefix: ai/
          draft: true
          labels: [ai-made, needs-review]
        agent:
          model: sonnet
          max-turns: 7
          max-budget-usd: 1.5
          timeout: 6s
          instructions: Write British English.
        """);

    JsonNode serviceLabel = scenario.send(scenario.labeled());
    JsonNode task = scenario.awaitFinished(scenario.trigger(scenario.labeled().label("ai")));

    assertThat(serviceLabel.path("status").asString()).isEqualTo("ignored");
    assertThat(task.path("status").asString()).as(task.toString()).isEqualTo("completed");
    String branch = task.path("branch").asString();
    assertThat(branch).startsWith("ai/issue-" + scenario.issue.number() + "-");
    FakePullRequest pull = scenario.onlyPullRequest();
    assertThat(pull.head()).isEqualTo(branch);
    assertThat(pull.base()).isEqualTo("develop");
    assertThat(pull.draft()).isTrue();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(kaka.github.labels("octo", scenario.repo, pull.number()))
                    .contains("ai-made", "needs-review"));
    assertThat(recordedArguments(scenario, branch))
        .contains("--max-turns\n7\n", "--max-budget-usd\n1.5\n", "--model\nsonnet\n")
        .contains("created from develop")
        .contains("<repository-instructions>\nWrite British English.\n</repository-instructions>");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(scenario.onlyComment().body()).contains(pull.htmlUrl()));
  }

  @Test
  void anInvalidFileFailsTheTaskWithOneCommentQuotingTheKeyAndTheExpectedForm() {
    Scenario scenario = new Scenario(kaka, "settings-invalid", "Fix the typo", "It says teh.");
    settingsFile(scenario, "trigger:\n  label: ai\nagent:\n  max-turns: many\n");

    JsonNode task = scenario.awaitFinished(scenario.trigger(scenario.labeled()));

    assertThat(task.path("status").asString()).isEqualTo("failed");
    assertThat(task.path("failureKind").asString()).isEqualTo("INVALID_REQUEST");
    assertThat(task.path("retryable").asBoolean()).isFalse();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(scenario.onlyComment().body())
                    .contains(
                        "`.github/kaka.yml`: `agent.max-turns` must be a whole number, got `many`")
                    .contains("could not finish"));
    assertThat(scenario.pullRequests()).isEmpty();
    assertThat(
            kaka.github.branchHead(
                "octo", scenario.repo, "kaka/issue-" + scenario.issue.number() + "-fix-the-typo"))
        .isEmpty();
  }

  @Test
  void aRetryAfterTheFileIsFixedReadsItAfresh() {
    Scenario scenario = new Scenario(kaka, "settings-fixed", "Fix the typo", "It says teh.");
    settingsFile(scenario, "pull-request:\n  draft: maybe\n");
    String taskId = scenario.trigger(scenario.labeled());
    assertThat(scenario.awaitFinished(taskId).path("failureKind").asString())
        .isEqualTo("INVALID_REQUEST");
    settingsFile(scenario, "pull-request:\n  draft: true\n");

    assertThat(kaka.post("/tasks/" + taskId + "/retry").statusCode()).isEqualTo(202);

    JsonNode retried =
        await()
            .atMost(Scenario.FINISH)
            .until(
                () -> kaka.task(taskId),
                task -> task.path("attempt").asInt() == 2 && task.hasNonNull("pullRequestUrl"));
    assertThat(retried.path("status").asString()).isEqualTo("completed");
    assertThat(scenario.onlyPullRequest().draft()).isTrue();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(scenario.onlyComment().body())
                    .contains(scenario.onlyPullRequest().htmlUrl()));
  }

  @Test
  void withoutAFileTheServiceSettingsApply() {
    Scenario scenario =
        new Scenario(
            kaka, "settings-absent", "Fix the typo", "It says teh. " + StubAgent.RECORD_ARGUMENTS);

    JsonNode task = scenario.awaitFinished(scenario.trigger(scenario.labeled()));

    assertThat(task.path("status").asString()).as(task.toString()).isEqualTo("completed");
    String branch = task.path("branch").asString();
    assertThat(branch).isEqualTo("kaka/issue-" + scenario.issue.number() + "-fix-the-typo");
    FakePullRequest pull = scenario.onlyPullRequest();
    assertThat(pull.base()).isEqualTo("main");
    assertThat(pull.draft()).isFalse();
    assertThat(recordedArguments(scenario, branch))
        .contains("--max-turns\n100\n")
        .doesNotContain("--model")
        .doesNotContain("<repository-instructions>");
  }

  @Test
  void aPushToTheDefaultBranchMakesTheIngressReadTheFileAgain() {
    Scenario scenario = new Scenario(kaka, "settings-push", "Fix the typo", "It says teh.");
    settingsFile(scenario, "trigger:\n  label: one\n");
    // a comment that is no command still has the file read (and kept) to know the command
    assertThat(scenario.send(scenario.commented("thanks")).path("status").asString())
        .isEqualTo("ignored");
    settingsFile(scenario, "trigger:\n  label: two\n");
    assertThat(scenario.send(scenario.labeled().label("two")).path("message").asString())
        .as("the file as read before the push")
        .contains("is not the trigger label");

    JsonNode pushed =
        scenario.send(
            WebhookPayload.push()
                .ref("refs/heads/main")
                .repository("octo", scenario.repo, scenario.repository.cloneUrl(), "main"));
    JsonNode task = scenario.awaitFinished(scenario.trigger(scenario.labeled().label("two")));

    assertThat(pushed.path("status").asString()).isEqualTo("ignored");
    assertThat(pushed.path("message").asString()).contains("settings will be read again");
    assertThat(task.path("status").asString()).as(task.toString()).isEqualTo("completed");
  }
}
