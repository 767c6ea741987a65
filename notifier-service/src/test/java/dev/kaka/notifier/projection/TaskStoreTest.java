package dev.kaka.notifier.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import dev.kaka.common.event.AgentReport;
import dev.kaka.common.event.AgentReport.PermissionDenial;
import dev.kaka.common.event.AgentReport.TokenUsage;
import dev.kaka.common.event.AgentReport.Transcript;
import dev.kaka.common.event.FailureKind;
import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TaskFailed;
import dev.kaka.common.event.TaskProgressed;
import dev.kaka.common.event.TaskStarted;
import dev.kaka.notifier.github.PullRequestInfo;
import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.testkit.kafka.TopicReader;
import dev.kaka.testkit.mongo.MongoStandIn;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/** The projection of progress, agent reports and transcripts, on the MongoDB-wire stand-in. */
class TaskStoreTest {

  private static final String GITHUB_TOKEN = "ghs_NotifierTokenForTests01";
  private static final RepositoryRef REPO =
      new RepositoryRef("octo", "hello", "https://github.com/octo/hello.git", "main");
  private static final IssueRef ISSUE =
      new IssueRef(7, "Fix typo", "https://github.com/octo/hello/issues/7");
  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  private static MongoClient client;
  private static ReactiveMongoTemplate mongo;
  private static TaskStore store;

  private final String taskId = "t-" + UUID.randomUUID();

  @BeforeAll
  static void connect() throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBroker.shared().bootstrapServers()))) {
      if (!admin.listTopics().names().get().contains(ReportLog.TOPIC)) {
        admin.createTopics(List.of(new NewTopic(ReportLog.TOPIC, 1, (short) 1))).all().get();
      }
    }
    client = MongoClients.create(MongoStandIn.shared().uri("task-store-test"));
    mongo = new ReactiveMongoTemplate(client, "task-store-test");
    store =
        new TaskStore(
            mongo,
            new TranscriptStore(mongo, GITHUB_TOKEN),
            new ReportLog(
                new KafkaTemplate<>(
                    new DefaultKafkaProducerFactory<>(
                        Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            KafkaBroker.shared().bootstrapServers()),
                        new StringSerializer(),
                        new StringSerializer()))));
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  @Test
  void progressIsRecordedWhileItsAttemptRunsAndNeverGoesBack() {
    store.project(started(1));

    store.recordProgress(progressed(1, 3, T0.plusSeconds(30)));
    store.recordProgress(progressed(1, 2, T0.plusSeconds(20)));

    assertThat(task().get("agentProgress", Document.class))
        .containsEntry("turns", 3)
        .containsEntry("currentTool", "Edit")
        .containsEntry("filesTouched", List.of("README.md"));
    assertThat(task().getString("status")).isEqualTo("running");
  }

  @Test
  void progressOfAFinishedOrEarlierAttemptIsIgnored() {
    store.project(started(1));
    store.project(failed(1, AgentReport.empty()));

    store.recordProgress(progressed(1, 5, T0.plusSeconds(50)));
    store.project(started(2));
    store.recordProgress(progressed(1, 6, T0.plusSeconds(60)));

    assertThat(task().getString("status")).isEqualTo("running");
    assertThat(task().get("agentProgress")).isNull();
  }

  @Test
  void theAgentReportKeepsUsageAndDenialsButNotTheTranscript() {
    store.project(started(1));
    store.project(failed(1, report(List.of("{\"type\":\"result\"}"), 0)));

    Document agent = task().get("agent", Document.class);
    assertThat(agent.get("usage", Document.class))
        .containsEntry("inputTokens", 2400L)
        .containsEntry("outputTokens", 600L);
    assertThat(agent.getList("permissionDenials", Document.class))
        .singleElement()
        .satisfies(
            denial ->
                assertThat(denial)
                    .containsEntry("tool", "Bash")
                    .containsEntry("target", "curl -s https://example.com"));
    assertThat(agent).doesNotContainKey("transcript");
  }

  @Test
  void theTranscriptIsKeptPerTaskWithSecretsMasked() {
    store.project(
        failed(
            1,
            report(
                List.of(
                    "{\"type\":\"system\",\"subtype\":\"init\"}",
                    "{\"text\":\"token "
                        + GITHUB_TOKEN
                        + " and ghp_0123456789abcdefghijABCDEFGHIJ\"}",
                    "{\"url\":\"https://x-access-token:hunter2hunter2@github.com/octo/hello.git\"}"),
                4)));

    Document transcript = transcript();
    assertThat(transcript.getInteger("attempt")).isEqualTo(1);
    assertThat(transcript.getInteger("linesDropped")).isEqualTo(4);
    assertThat(transcript.getList("lines", String.class))
        .containsExactly(
            "{\"type\":\"system\",\"subtype\":\"init\"}",
            "{\"text\":\"token *** and ***\"}",
            "{\"url\":\"https://***@github.com/octo/hello.git\"}");
  }

  @Test
  void theTranscriptIsCappedKeepingItsTail() {
    String line = "x".repeat(100_000);
    List<String> lines = java.util.stream.IntStream.range(0, 12).mapToObj(i -> i + line).toList();

    store.project(failed(1, report(lines, 0)));

    List<String> kept = transcript().getList("lines", String.class);
    assertThat(kept).hasSize(9).last().asString().startsWith("11x");
    assertThat(transcript().getInteger("linesDropped")).isEqualTo(3);
  }

  @Test
  void anEarlierAttemptOrAnEmptyTranscriptDoesNotReplaceTheKeptOne() {
    store.project(failed(2, report(List.of("attempt 2"), 0)));

    store.project(failed(1, report(List.of("attempt 1"), 0)));
    store.project(failed(3, AgentReport.empty()));

    assertThat(transcript().getList("lines", String.class)).containsExactly("attempt 2");
    assertThat(transcript().getInteger("attempt")).isEqualTo(2);
  }

  @Test
  void aReportIsLoggedForARebuildAndRecordedWithItsPullRequest() {
    try (TopicReader log =
        TopicReader.fromEnd(KafkaBroker.shared().bootstrapServers(), ReportLog.TOPIC)) {
      store.project(started(1));

      store.recordReported(started(1), null);
      store.recordReported(
          failed(1, AgentReport.empty()),
          new PullRequestInfo(9, "https://github.com/octo/hello/pull/9"));

      assertThat(log.await(2))
          .extracting(record -> ReportLog.read(record.value()))
          .containsExactly(
              new Reported(taskId, 12, null, null),
              new Reported(taskId, 13, 9, "https://github.com/octo/hello/pull/9"));
      assertThat(log.settle())
          .extracting(record -> record.key())
          .containsOnly(started(1).partitionKey());
    }
    assertThat(task())
        .containsEntry("reportedProgress", 13)
        .containsEntry("pullRequestNumber", 9)
        .containsEntry("pullRequestUrl", "https://github.com/octo/hello/pull/9");
  }

  private Document task() {
    return mongo.findById(taskId, Document.class, TaskStore.COLLECTION).block();
  }

  private Document transcript() {
    return mongo.findById(taskId, Document.class, TranscriptStore.COLLECTION).block();
  }

  private TaskStarted started(int attempt) {
    return new TaskStarted(
        TaskEvent.SCHEMA_VERSION,
        taskId,
        "d-1",
        REPO,
        ISSUE,
        attempt,
        "kaka/issue-7-fix-typo",
        "worker-a",
        T0.plusSeconds(attempt * 100L));
  }

  private TaskProgressed progressed(int attempt, int turns, Instant at) {
    return new TaskProgressed(
        TaskEvent.SCHEMA_VERSION,
        taskId,
        "d-1",
        REPO,
        ISSUE,
        attempt,
        turns,
        "Edit",
        List.of("README.md"),
        at);
  }

  private TaskFailed failed(int attempt, AgentReport report) {
    return new TaskFailed(
        TaskEvent.SCHEMA_VERSION,
        taskId,
        "d-1",
        REPO,
        ISSUE,
        attempt,
        FailureKind.AGENT_MAX_TURNS,
        "The agent stopped after 3 turns.",
        false,
        attempt,
        report,
        T0.plusSeconds(attempt * 100L + 90));
  }

  private static AgentReport report(List<String> lines, int dropped) {
    return new AgentReport(
        "Stopped.",
        3,
        0.03,
        1200L,
        "s-1",
        new TokenUsage(2400L, 600L, 0L, 0L),
        List.of(new PermissionDenial("Bash", "curl -s https://example.com")),
        new Transcript(lines, dropped));
  }
}
