package dev.kaka.notifier.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
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
import dev.kaka.taskstore.TaskDocument;
import dev.kaka.taskstore.TaskStatus;
import dev.kaka.taskstore.TranscriptDocument;
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
import org.springframework.data.mongodb.core.MongoTemplate;
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
  private static MongoTemplate mongo;
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
    mongo = new MongoTemplate(client, "task-store-test");
    store =
        new TaskStore(
            mongo,
            new TranscriptStore(mongo, GITHUB_TOKEN),
            new AuditStore(mongo, GITHUB_TOKEN),
            new BudgetStore(mongo),
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

    assertThat(task().agentProgress())
        .isEqualTo(
            new TaskDocument.AgentProgress(3, "Edit", List.of("README.md"), T0.plusSeconds(30)));
    assertThat(task().status()).isEqualTo(TaskStatus.RUNNING);
  }

  @Test
  void progressOfAFinishedOrEarlierAttemptIsIgnored() {
    store.project(started(1));
    store.project(failed(1, AgentReport.empty()));

    store.recordProgress(progressed(1, 5, T0.plusSeconds(50)));
    store.project(started(2));
    store.recordProgress(progressed(1, 6, T0.plusSeconds(60)));

    assertThat(task().status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(task().agentProgress()).isNull();
  }

  @Test
  void theAgentReportKeepsUsageAndDenialsButNotTheTranscript() {
    store.project(started(1));
    store.project(failed(1, report(List.of("{\"type\":\"result\"}"), 0)));

    TaskDocument.Agent agent = task().agent();
    assertThat(agent.usage()).isEqualTo(new TaskDocument.Usage(2400L, 600L, 0L, 0L));
    assertThat(agent.permissionDenials())
        .containsExactly(new TaskDocument.PermissionDenial("Bash", "curl -s https://example.com"));
    assertThat(rawTask().get("agent", Document.class)).doesNotContainKey("transcript");
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

    TranscriptDocument transcript = transcript();
    assertThat(transcript.attempt()).isEqualTo(1);
    assertThat(transcript.linesDropped()).isEqualTo(4);
    assertThat(transcript.lines())
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

    List<String> kept = transcript().lines();
    assertThat(kept).hasSize(9).last().asString().startsWith("11x");
    assertThat(transcript().linesDropped()).isEqualTo(3);
  }

  @Test
  void anEarlierAttemptOrAnEmptyTranscriptDoesNotReplaceTheKeptOne() {
    store.project(failed(2, report(List.of("attempt 2"), 0)));

    store.project(failed(1, report(List.of("attempt 1"), 0)));
    store.project(failed(3, AgentReport.empty()));

    assertThat(transcript().lines()).containsExactly("attempt 2");
    assertThat(transcript().attempt()).isEqualTo(2);
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
    assertThat(task().reportedProgress()).isEqualTo(13);
    assertThat(task().pullRequestNumber()).isEqualTo(9);
    assertThat(task().pullRequestUrl()).isEqualTo("https://github.com/octo/hello/pull/9");
  }

  private TaskDocument task() {
    return mongo.findById(taskId, TaskDocument.class);
  }

  /** As stored, for what the typed task does not show. */
  private Document rawTask() {
    return mongo.findById(taskId, Document.class, TaskDocument.COLLECTION);
  }

  private TranscriptDocument transcript() {
    return mongo.findById(taskId, TranscriptDocument.class);
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
