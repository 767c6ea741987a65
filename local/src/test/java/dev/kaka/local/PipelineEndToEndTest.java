package dev.kaka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kaka.common.Topics;
import dev.kaka.testkit.agent.StubAgent;
import dev.kaka.testkit.github.FakePullRequest;
import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.testkit.kafka.TopicReader;
import dev.kaka.testkit.webhook.WebhookPayload;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Webhook to pull request through the real broker, the three services as processes, real git over
 * smart HTTP and the real GitHub client against the fake GitHub.
 */
class PipelineEndToEndTest {

  private final RunningSystem kaka = RunningSystem.get();

  @Test
  void aLabeledIssueBecomesAPullRequest() {
    Scenario scenario = new Scenario(kaka, "labeled", "Fix the typo in the README", "It says teh.");

    String taskId = scenario.trigger(scenario.labeled());

    JsonNode task = scenario.awaitFinished(taskId);
    assertThat(task.path("status").asString()).isEqualTo("completed");
    FakePullRequest pull = scenario.onlyPullRequest();
    assertThat(pull.head())
        .isEqualTo("kaka/issue-" + scenario.issue.number() + "-fix-the-typo-in-the-readme");
    assertThat(pull.base()).isEqualTo("main");
    assertThat(pull.body()).contains("Closes #" + scenario.issue.number());
    assertThat(task.path("pullRequestUrl").asString()).isEqualTo(pull.htmlUrl());
    assertThat(task.path("filesChanged").get(0).asString()).isEqualTo(StubAgent.CHANGED_FILE);
    assertThat(kaka.github.file("octo", scenario.repo, pull.head(), StubAgent.CHANGED_FILE))
        .hasValueSatisfying(content -> assertThat(content).contains("You are working in a clone"));
    assertThat(scenario.onlyComment().body()).contains(pull.htmlUrl());
  }

  @Test
  void aCommandCommentBecomesAPullRequestWithTheInstructionsInThePrompt() {
    Scenario scenario =
        new Scenario(kaka, "comment", "Add a contributing guide", "Explain the tests.");

    String taskId = scenario.trigger(scenario.commented("/kaka mention the Maven wrapper"));

    JsonNode task = scenario.awaitFinished(taskId);
    assertThat(task.path("status").asString()).isEqualTo("completed");
    assertThat(task.path("trigger").asString()).isEqualTo("COMMENT");
    FakePullRequest pull = scenario.onlyPullRequest();
    assertThat(pull.body()).contains("Closes #" + scenario.issue.number());
    assertThat(scenario.onlyComment().body()).contains(pull.htmlUrl());
  }

  @Test
  void aFailingAgentEndsTheTaskWithAnExplanationAndNoPullRequest() {
    Scenario scenario = new Scenario(kaka, "agent-fails", "Refactor everything", StubAgent.FAIL);

    JsonNode task = scenario.awaitFinished(scenario.trigger(scenario.labeled()));

    assertFailed(scenario, task, "AGENT_API_UNREACHABLE", "could not reach the Anthropic API");
  }

  @Test
  void anAgentThatHangsIsStoppedAtTheTimeoutAndLeavesNoProcess() {
    Scenario scenario = new Scenario(kaka, "agent-hangs", "Think forever", StubAgent.HANG);

    JsonNode task = scenario.awaitFinished(scenario.trigger(scenario.labeled()));

    assertFailed(scenario, task, "AGENT_TIMED_OUT", "was stopped");
    long worker = kaka.system.service(LocalSettings.WORKER).pid();
    assertThat(ProcessHandle.of(worker).orElseThrow().descendants())
        .as("processes the worker started")
        .isEmpty();
  }

  @Test
  void anAgentThatChangesNothingEndsTheTaskAsNoChanges() {
    Scenario scenario = new Scenario(kaka, "no-change", "Nothing to do", StubAgent.NO_CHANGE);

    JsonNode task = scenario.awaitFinished(scenario.trigger(scenario.labeled()));

    assertFailed(scenario, task, "NO_CHANGES", "without changing any file");
  }

  @Test
  void aRepositoryThatCannotBeCheckedOutEndsTheTaskAsAGitFailure() {
    Scenario scenario = new Scenario(kaka, "unclonable", "Fix it", "Please.");
    // the payload names a branch the repository does not have as the one to start from
    WebhookPayload payload =
        scenario
            .labeled()
            .repository(
                "octo",
                scenario.repo,
                kaka.github.cloneUrl("octo", scenario.repo),
                "no-such-branch");

    JsonNode task = scenario.awaitFinished(scenario.trigger(payload));

    assertFailed(scenario, task, "GIT_FAILED", "no-such-branch");
  }

  @Test
  void theSameTriggerAndTheSameOutcomePublishedTwiceYieldOnePullRequestAndOneComment()
      throws Exception {
    Scenario scenario = new Scenario(kaka, "redelivered", "Fix the typo", "It says teh.");
    try (TopicReader triggered =
            TopicReader.fromEnd(KafkaBroker.shared().bootstrapServers(), Topics.ISSUE_TRIGGERED);
        TopicReader outcomes =
            TopicReader.fromEnd(KafkaBroker.shared().bootstrapServers(), Topics.TASK_EVENTS)) {
      String taskId = scenario.trigger(scenario.labeled());
      scenario.awaitFinished(taskId);
      ConsumerRecord<String, String> trigger = triggered.await(1).get(0);
      ConsumerRecord<String, String> completed =
          outcomes.await(2).stream()
              .filter(record -> record.value().contains("\"TaskCompleted\""))
              .findFirst()
              .orElseThrow();

      republish(Topics.ISSUE_TRIGGERED, trigger);
      republish(Topics.TASK_EVENTS, completed);

      List<ConsumerRecord<String, String>> after = outcomes.await(5);
      assertThat(after.stream().filter(record -> record.value().contains("\"TaskCompleted\"")))
          .as("the redelivered trigger is recognised as done and reported again, not re-run")
          .hasSize(3);
    }
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(kaka.github.pullRequests("octo", scenario.repo)).hasSize(1);
              assertThat(kaka.github.comments("octo", scenario.repo, scenario.issue.number()))
                  .hasSize(1);
            });
  }

  private void assertFailed(Scenario scenario, JsonNode task, String kind, String messagePart) {
    assertThat(task.path("status").asString()).isEqualTo("failed");
    assertThat(task.path("failureKind").asString()).isEqualTo(kind);
    assertThat(task.path("error").asString()).contains(messagePart);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(scenario.onlyComment().body())
                    .contains("could not finish")
                    .contains(messagePart));
    assertThat(kaka.github.pullRequests("octo", scenario.repo)).isEmpty();
  }

  private static void republish(String topic, ConsumerRecord<String, String> record)
      throws Exception {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            KafkaBroker.shared().bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all");
    try (var producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, record.key(), record.value())).get();
    }
  }
}
