package dev.kaka.notifier.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kaka.common.Topics;
import dev.kaka.common.event.AgentReport;
import dev.kaka.common.event.CancelRequested;
import dev.kaka.common.event.FailureKind;
import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.PullRequestRef;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.RunEvent;
import dev.kaka.common.event.TaskCompleted;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TaskFailed;
import dev.kaka.common.event.TaskSettings;
import dev.kaka.common.event.TaskStarted;
import dev.kaka.common.event.Trigger;
import dev.kaka.common.event.TriggerKind;
import dev.kaka.taskstore.TaskDocument;
import dev.kaka.taskstore.TaskStatus;
import dev.kaka.testkit.github.ApiCall;
import dev.kaka.testkit.github.FakeComment;
import dev.kaka.testkit.github.FakeGitHub;
import dev.kaka.testkit.github.FakeIssue;
import dev.kaka.testkit.github.FakePullRequest;
import dev.kaka.testkit.github.SecondaryLimits;
import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.testkit.kafka.TopicReader;
import dev.kaka.testkit.mongo.MongoStandIn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The notifier against the real broker, the Mongo stand-in and the fake GitHub. */
@SpringBootTest
class NotifierFlowTest {

  private static final String TOKEN = "notifier-test-token";
  private static final FakeGitHub GITHUB = startGitHub();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
    registry.add("spring.mongodb.uri", () -> MongoStandIn.shared().uri("notifier-flow-test"));
    registry.add("kaka.github.api-url", GITHUB::apiUrl);
    registry.add("kaka.github.token", () -> TOKEN);
    registry.add("kaka.github.resilience.initial-back-off", () -> "100ms");
    registry.add("kaka.github.resilience.open-for", () -> "2s");
    // paced as in production, but sixty times faster: the tests write faster than GitHub allows
    registry.add("kaka.github.pacing.speed-up", () -> "60");
  }

  @Autowired MongoTemplate mongo;

  @AfterAll
  static void stopGitHub() {
    GITHUB.close();
  }

  @Test
  void aCompletedTaskOpensOnePullRequestAndEditsOneCommentEvenWhenEventsComeTwice() {
    Fixture task = new Fixture("completed");

    publish(task.triggered());
    publish(task.started());
    TaskCompleted completed = task.completed();
    publish(completed);
    publish(completed);

    TaskDocument record =
        awaitTask(task.taskId, TaskStatus.COMPLETED, doc -> doc.pullRequestUrl() != null);
    List<FakePullRequest> pulls = GITHUB.pullRequests("octo", task.repo);
    assertThat(pulls).hasSize(1);
    FakePullRequest pull = pulls.get(0);
    assertThat(pull.head()).isEqualTo(task.branch);
    assertThat(pull.base()).isEqualTo("main");
    assertThat(pull.title()).isEqualTo("Fix the typo");
    assertThat(pull.body())
        .contains("Closes #" + task.issue.number())
        .contains("Requested by @alice");
    assertThat(record.pullRequestUrl()).isEqualTo(pull.htmlUrl());
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              List<FakeComment> comments = GITHUB.comments("octo", task.repo, task.issue.number());
              assertThat(comments).hasSize(1);
              assertThat(comments.get(0).body())
                  .contains(pull.htmlUrl())
                  .contains("`README.md`")
                  .contains("2 turns")
                  .contains("$0.0216");
            });
    assertThat(record.filesChanged()).containsExactly("README.md");
    assertThat(record.agent().turns()).isEqualTo(2);
  }

  @Test
  void aRepositorysSettingsOpenADraftWithItsLabelsIntoItsBaseBranch() {
    Fixture task = new Fixture("settings");
    GITHUB.pushBranch("octo", task.repo, "develop", Map.of("README.md", "teh\n"));
    TaskSettings settings =
        TaskSettings.of(
            new TaskSettings.PullRequest("develop", null, true, List.of("ai", "needs-review")),
            null);
    TaskCompleted completed = task.completed();
    TaskCompleted intoDevelop =
        new TaskCompleted(
            1,
            completed.taskId(),
            completed.deliveryId(),
            completed.repository(),
            completed.issue(),
            "alice",
            1,
            completed.branch(),
            "develop",
            completed.headSha(),
            completed.filesChanged(),
            completed.agent(),
            completed.occurredAt(),
            settings);

    publish(task.triggered());
    publish(intoDevelop);
    publish(intoDevelop);

    awaitTask(task.taskId, TaskStatus.COMPLETED, doc -> doc.pullRequestUrl() != null);
    FakePullRequest pull = GITHUB.pullRequests("octo", task.repo).get(0);
    assertThat(GITHUB.pullRequests("octo", task.repo)).hasSize(1);
    assertThat(pull.base()).isEqualTo("develop");
    assertThat(pull.draft()).isTrue();
    assertThat(GITHUB.labels("octo", task.repo, pull.number()))
        .containsExactlyInAnyOrder("ai", "needs-review");
  }

  @Test
  void aFollowUpContinuesItsOpenPullRequestWithoutAskingGitHubToOpenItAgain() {
    Fixture task = new Fixture("follow-up");
    int number = GITHUB.openPullRequest("octo", task.repo, "Fix the typo", task.branch, "main");

    TaskCompleted completed = task.completedOn(number);
    publish(completed);
    publish(completed);

    awaitContinued(task, number);
    assertThat(GITHUB.apiCallsFor(task.taskId).byEndpoint())
        .containsKey("GET /repos/{owner}/{repo}/pulls/{number}")
        .doesNotContainKeys("POST /repos/{owner}/{repo}/pulls", "GET /repos/{owner}/{repo}/pulls");
  }

  @Test
  void aFollowUpOnAPullRequestClosedMeanwhileReopensIt() {
    Fixture task = new Fixture("follow-up-closed");
    int number = GITHUB.openPullRequest("octo", task.repo, "Fix the typo", task.branch, "main");
    GITHUB.closePullRequest("octo", task.repo, number);

    publish(task.completedOn(number));

    awaitContinued(task, number);
  }

  /** Waits for the task to be reported on pull request {@code number}, open and its only one. */
  private void awaitContinued(Fixture task, int number) {
    TaskDocument record =
        awaitTask(task.taskId, TaskStatus.COMPLETED, doc -> doc.pullRequestUrl() != null);
    assertThat(GITHUB.pullRequests("octo", task.repo))
        .singleElement()
        .satisfies(pull -> assertThat(pull.state()).isEqualTo("open"));
    assertThat(record.pullRequestNumber()).isEqualTo(number);
  }

  @Test
  void aFollowUpOnAPullRequestMergedMeanwhileOpensANewOneForItsCommits() {
    Fixture task = new Fixture("follow-up-merged");
    int number = GITHUB.openPullRequest("octo", task.repo, "Fix the typo", task.branch, "main");
    GITHUB.mergePullRequest("octo", task.repo, number);
    GITHUB.commitFiles("octo", task.repo, task.branch, Map.of("NOTES.md", "more\n"));

    publish(task.completedOn(number));

    TaskDocument record =
        awaitTask(task.taskId, TaskStatus.COMPLETED, doc -> doc.pullRequestUrl() != null);
    List<FakePullRequest> pulls = GITHUB.pullRequests("octo", task.repo);
    assertThat(pulls).extracting(FakePullRequest::state).containsExactly("closed", "open");
    assertThat(pulls.get(1).head()).isEqualTo(task.branch);
    assertThat(record.pullRequestNumber()).isEqualTo(pulls.get(1).number());
  }

  @Test
  void aFailedTaskExplainsWhyOnTheIssueAndOpensNoPullRequest() {
    Fixture task = new Fixture("failed");

    publish(task.triggered());
    publish(task.failed());

    TaskDocument record = awaitTask(task.taskId, TaskStatus.FAILED, doc -> true);
    assertThat(record.failureKind()).isEqualTo("NO_CHANGES");
    assertThat(record.error()).isEqualTo("The agent finished without changing any file.");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(GITHUB.comments("octo", task.repo, task.issue.number()))
                    .singleElement()
                    .satisfies(
                        comment ->
                            assertThat(comment.body())
                                .contains("The agent finished without changing any file.")
                                .contains("comment `/kaka`")));
    assertThat(GITHUB.pullRequests("octo", task.repo)).isEmpty();
  }

  @Test
  void aLateQueuedEventDoesNotTurnAFinishedTaskBack() {
    Fixture task = new Fixture("late");

    publish(task.failed());
    awaitTask(task.taskId, TaskStatus.FAILED, doc -> true);
    publish(task.triggered());

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(find(task.taskId).requester()).isEqualTo("alice"));
    assertThat(find(task.taskId).status()).isEqualTo(TaskStatus.FAILED);
    assertThat(GITHUB.comments("octo", task.repo, task.issue.number()))
        .singleElement()
        .satisfies(comment -> assertThat(comment.body()).contains("could not finish"));
  }

  @Test
  void aGitHubOutageDelaysTheNotificationWithoutDroppingOrDoublingIt() {
    Fixture task = new Fixture("outage");
    // enough failures to open the circuit breaker, and to fail its first probes
    GITHUB.failNextApiCalls(15, 500);

    publish(task.triggered());
    publish(task.completed());

    // the failures span back-offs and an open circuit breaker; a loaded machine needs the margin
    await()
        .atMost(Duration.ofMinutes(3))
        .untilAsserted(
            () -> {
              assertThat(GITHUB.pullRequests("octo", task.repo)).hasSize(1);
              assertThat(GITHUB.comments("octo", task.repo, task.issue.number()))
                  .singleElement()
                  .satisfies(
                      comment -> assertThat(comment.body()).contains("opened a pull request"));
            });
  }

  @Test
  void aRateLimitedGitHubIsWaitedOut() {
    Fixture task = new Fixture("rate-limited");
    GITHUB.rateLimitNextApiCalls(3, Duration.ofSeconds(2));

    publish(task.triggered());
    publish(task.failed());

    awaitTheOneComment(task, "could not finish");
  }

  @Test
  void writesOverGitHubsSecondaryLimitWaitWhatItSaysAndGoOnInOrder() {
    Fixture task = new Fixture("secondary-limit");
    int refusedBefore = GITHUB.secondaryLimitAnswers();
    // one write every 2 s: each of the task's writes after the first is refused once at least
    GITHUB.enforceSecondaryLimits(
        new SecondaryLimits(1, Duration.ofSeconds(2), 1_000, Duration.ofHours(1)));
    try {
      publish(task.triggered());
      publish(task.started());
      publish(task.completed());

      awaitTheOneComment(task, "opened a pull request");
    } finally {
      GITHUB.enforceSecondaryLimits(null);
    }
    assertThat(GITHUB.secondaryLimitAnswers()).isGreaterThan(refusedBefore);
    assertThat(GITHUB.pullRequests("octo", task.repo)).hasSize(1);
    List<ApiCall> writes =
        GITHUB.apiCallsFor(task.taskId).calls().stream().filter(ApiCall::contentCreating).toList();
    assertThat(writes).anySatisfy(refused -> assertThat(refused.status()).isEqualTo(403));
    // queued, running, the pull request, done: one after the other, each refusal waited out
    assertThat(writes)
        .filteredOn(write -> write.status() < 300)
        .extracting(ApiCall::methodAndEndpoint)
        .containsExactly(
            "POST /repos/{owner}/{repo}/issues/{number}/comments",
            "PATCH /repos/{owner}/{repo}/issues/comments/{id}",
            "POST /repos/{owner}/{repo}/pulls",
            "PATCH /repos/{owner}/{repo}/issues/comments/{id}");
  }

  @Test
  void poisonRecordsGoToTheDeadLettersWithTheReasonAndTheNextEventsStillArrive() {
    Fixture task = new Fixture("poison");
    String deadLetters = Topics.TASK_EVENTS + ListenerErrorHandling.DEAD_LETTER_SUFFIX;
    String newer =
        JSON.writeValueAsString(task.failed())
            .replace("\"schemaVersion\":1", "\"schemaVersion\":99");
    String ofAnotherTopic = JSON.writeValueAsString(task.cancelRequested());
    try (TopicReader reader =
        TopicReader.fromEnd(KafkaBroker.shared().bootstrapServers(), deadLetters)) {
      publishRaw(Topics.TASK_EVENTS, task.triggered().partitionKey(), "{this is not json");
      publishRaw(Topics.TASK_EVENTS, task.triggered().partitionKey(), newer);
      publishRaw(Topics.TASK_EVENTS, task.triggered().partitionKey(), ofAnotherTopic);
      publish(task.triggered());
      publish(task.failed());

      awaitTask(task.taskId, TaskStatus.FAILED, doc -> true);
      List<ConsumerRecord<String, String>> dead = reader.await(3);
      assertThat(dead)
          .extracting(ConsumerRecord::value)
          .containsExactly("{this is not json", newer, ofAnotherTopic);
      assertThat(dead)
          .extracting(r -> header(r, KafkaHeaders.DLT_EXCEPTION_FQCN))
          .allSatisfy(reason -> assertThat(reason).isNotBlank());
      assertThat(header(dead.get(1), KafkaHeaders.DLT_EXCEPTION_MESSAGE))
          .contains(
              "TaskFailed of task "
                  + task.taskId
                  + ": schema version 99 is newer than the 1 this service reads");
      assertThat(header(dead.get(2), KafkaHeaders.DLT_EXCEPTION_MESSAGE))
          .contains("CancelRequested")
          .contains(RunEvent.class.getName());
      assertThat(dead)
          .extracting(r -> header(r, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN))
          .doesNotContain(ClassCastException.class.getName());
      assertThat(header(dead.get(0), KafkaHeaders.DLT_ORIGINAL_TOPIC))
          .isEqualTo(Topics.TASK_EVENTS);
    }
  }

  @Test
  void anEventWithoutTheFieldsAddedSinceItWasWrittenAndWithFieldsUnknownHereIsProcessed() {
    Fixture task = new Fixture("older");
    ObjectNode older = JSON.valueToTree(task.failed());
    older.remove(List.of("maxAttempts", "agent"));
    older.put("addedByANewerProducer", "ignored");

    publish(task.triggered());
    publishRaw(Topics.TASK_EVENTS, task.triggered().partitionKey(), older.toString());

    TaskDocument record = awaitTask(task.taskId, TaskStatus.FAILED, doc -> true);
    assertThat(record.failureKind()).isEqualTo("NO_CHANGES");
    assertThat(record.error()).isEqualTo("The agent finished without changing any file.");
  }

  /** Waits until the task's issue has one comment, which says {@code text}. */
  private static void awaitTheOneComment(Fixture task, String text) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(GITHUB.comments("octo", task.repo, task.issue.number()))
                    .singleElement()
                    .satisfies(comment -> assertThat(comment.body()).contains(text)));
  }

  private static String header(ConsumerRecord<String, String> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private TaskDocument awaitTask(
      String taskId, TaskStatus status, java.util.function.Predicate<TaskDocument> also) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> find(taskId), doc -> doc != null && doc.status() == status && also.test(doc));
  }

  private TaskDocument find(String taskId) {
    return mongo.findById(taskId, TaskDocument.class);
  }

  private static void publish(TaskEvent event) {
    String topic = event instanceof IssueTriggered ? Topics.ISSUE_TRIGGERED : Topics.TASK_EVENTS;
    publishRaw(topic, event.partitionKey(), JSON.writeValueAsString(event));
  }

  private static void publishRaw(String topic, String key, String value) {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            KafkaBroker.shared().bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all");
    try (var producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static FakeGitHub startGitHub() {
    try {
      return FakeGitHub.start(Files.createTempDirectory("notifier-github"), TOKEN);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One task on its own repository, with a branch already pushed as a worker would have. */
  private static final class Fixture {
    final String taskId = UUID.randomUUID().toString();
    final String repo;
    final RepositoryRef repository;
    final FakeIssue issue;
    final String branch;

    Fixture(String name) {
      repo = "notifier-" + name;
      var created = GITHUB.createRepository("octo", repo, "main", Map.of("README.md", "teh\n"));
      repository = new RepositoryRef("octo", repo, created.cloneUrl(), "main");
      issue = GITHUB.openIssue("octo", repo, "Fix the typo", "The README says teh.");
      branch = "kaka/issue-" + issue.number() + "-fix-the-typo";
      GITHUB.pushBranch("octo", repo, branch, Map.of("README.md", "the\n"));
    }

    IssueRef issueRef() {
      return new IssueRef(issue.number(), issue.title(), issue.htmlUrl());
    }

    IssueTriggered triggered() {
      return new IssueTriggered(
          1,
          taskId,
          "d-" + taskId,
          repository,
          issueRef(),
          issue.body(),
          new Trigger(TriggerKind.LABEL, "alice", ""),
          1,
          Instant.parse("2026-11-25T10:00:00Z"));
    }

    TaskStarted started() {
      return new TaskStarted(
          1,
          taskId,
          "d-" + taskId,
          repository,
          issueRef(),
          1,
          branch,
          "w-1",
          Instant.parse("2026-11-25T10:00:01Z"));
    }

    TaskCompleted completed() {
      return new TaskCompleted(
          1,
          taskId,
          "d-" + taskId,
          repository,
          issueRef(),
          "alice",
          1,
          branch,
          "main",
          "abc123",
          List.of("README.md"),
          new AgentReport("Fixed it.", 2, 0.0216, 1670L, "s-1"),
          Instant.parse("2026-11-25T10:00:05Z"));
    }

    /** The task completed as a follow-up on pull request {@code number} of its branch. */
    TaskCompleted completedOn(int number) {
      TaskCompleted completed = completed();
      return new TaskCompleted(
          1,
          taskId,
          completed.deliveryId(),
          repository,
          issueRef(),
          "alice",
          1,
          branch,
          "main",
          completed.headSha(),
          completed.filesChanged(),
          completed.agent(),
          completed.occurredAt(),
          null,
          null,
          null,
          new PullRequestRef(number, branch, "https://example.invalid/pull/" + number));
    }

    CancelRequested cancelRequested() {
      return new CancelRequested(
          1,
          taskId,
          "d-" + taskId,
          repository,
          issueRef(),
          1,
          "alice",
          Instant.parse("2026-11-25T10:00:02Z"));
    }

    TaskFailed failed() {
      return new TaskFailed(
          1,
          taskId,
          "d-" + taskId,
          repository,
          issueRef(),
          1,
          FailureKind.NO_CHANGES,
          "The agent finished without changing any file.",
          false,
          1,
          AgentReport.empty(),
          Instant.parse("2026-11-25T10:00:05Z"));
    }
  }
}
