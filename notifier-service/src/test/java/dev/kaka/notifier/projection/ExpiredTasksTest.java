package dev.kaka.notifier.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.kaka.common.event.AgentReport;
import dev.kaka.common.event.FailureKind;
import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.TaskCancelled;
import dev.kaka.common.event.TaskCompleted;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TaskFailed;
import dev.kaka.common.event.TaskStarted;
import dev.kaka.common.event.Trigger;
import dev.kaka.common.event.TriggerKind;
import dev.kaka.taskstore.TaskDocument;
import dev.kaka.taskstore.TaskFields;
import dev.kaka.taskstore.TaskRetention;
import dev.kaka.taskstore.TaskStatus;
import dev.kaka.taskstore.TranscriptDocument;
import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.testkit.mongo.MongoStandIn;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/** The retention on tasks the notifier projected, at a fixed time. */
class ExpiredTasksTest {

  private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
  private static final RepositoryRef REPO =
      new RepositoryRef("octo", "hello", "https://github.com/octo/hello.git", "main");
  private static final IssueRef ISSUE =
      new IssueRef(7, "Fix typo", "https://github.com/octo/hello/issues/7");

  private static MongoClient client;
  private static MongoTemplate mongo;
  private static TaskStore store;

  private final ExpiredTasks expired =
      new ExpiredTasks(mongo, new TaskRetention(Duration.ofDays(30)));

  @BeforeAll
  static void connect() {
    client = MongoClients.create(MongoStandIn.shared().uri("expired-tasks-test"));
    mongo = new MongoTemplate(client, "expired-tasks-test");
    // nothing is reported here, so nothing is appended to the log
    store =
        new TaskStore(
            mongo,
            new TranscriptStore(mongo, ""),
            new AuditStore(mongo, ""),
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

  @BeforeEach
  void empty() {
    mongo.dropCollection(TaskDocument.class);
    mongo.dropCollection(TranscriptDocument.class);
  }

  @Test
  void onlyFinishedTasksLastUpdatedBeforeTheRetentionGoWithTheirTranscripts() {
    project(completed("completed-long-ago", 31));
    project(failed("failed-long-ago", 1, 40));
    project(cancelled("cancelled-long-ago", 31));
    project(completed("completed-lately", 29));
    project(triggered("queued-long-ago", 1, 100));
    project(started("running-long-ago", 100));
    project(failed("retried-lately", 1, 40), triggered("retried-lately", 2, 1));

    long deleted = expired.deleteAt(NOW);

    assertThat(deleted).isEqualTo(3);
    assertThat(mongo.findAll(TaskDocument.class))
        .extracting(TaskDocument::id)
        .containsExactlyInAnyOrder(
            "completed-lately", "queued-long-ago", "running-long-ago", "retried-lately");
    assertThat(mongo.findAll(TranscriptDocument.class))
        .extracting(TranscriptDocument::id)
        .containsExactlyInAnyOrder("completed-lately", "retried-lately");
  }

  @Test
  void aStoreWithMoreExpiredTasksThanOneRoundIsPrunedInOneRun() {
    Date longAgo = Date.from(NOW.minus(Duration.ofDays(60)));
    mongo
        .getCollection(TaskDocument.COLLECTION)
        .insertMany(
            IntStream.range(0, 1_201)
                .mapToObj(
                    i ->
                        new Document(TaskFields.ID, "t-" + i)
                            .append(TaskFields.STATUS, TaskStatus.COMPLETED.storedName())
                            .append(TaskFields.UPDATED_AT, longAgo))
                .toList());

    assertThat(expired.deleteAt(NOW)).isEqualTo(1_201);
    assertThat(mongo.count(new Query(), TaskDocument.class)).isZero();
  }

  private static void project(TaskEvent... events) {
    List.of(events).forEach(store::project);
  }

  private static Instant daysAgo(int days) {
    return NOW.minus(Duration.ofDays(days));
  }

  private static IssueTriggered triggered(String id, int attempt, int daysAgo) {
    return new IssueTriggered(
        TaskEvent.SCHEMA_VERSION,
        id,
        "d-1",
        REPO,
        ISSUE,
        "It says teh.",
        new Trigger(attempt == 1 ? TriggerKind.LABEL : TriggerKind.RETRY, "alice", ""),
        attempt,
        daysAgo(daysAgo));
  }

  private static TaskStarted started(String id, int daysAgo) {
    return new TaskStarted(
        TaskEvent.SCHEMA_VERSION,
        id,
        "d-1",
        REPO,
        ISSUE,
        1,
        "kaka/issue-7-fix-typo",
        "worker-a",
        daysAgo(daysAgo));
  }

  private static TaskCompleted completed(String id, int daysAgo) {
    return new TaskCompleted(
        TaskEvent.SCHEMA_VERSION,
        id,
        "d-1",
        REPO,
        ISSUE,
        "alice",
        1,
        "kaka/issue-7-fix-typo",
        "main",
        "abc1",
        List.of("README.md"),
        report(),
        daysAgo(daysAgo));
  }

  private static TaskFailed failed(String id, int attempt, int daysAgo) {
    return new TaskFailed(
        TaskEvent.SCHEMA_VERSION,
        id,
        "d-1",
        REPO,
        ISSUE,
        attempt,
        FailureKind.AGENT_API_UNREACHABLE,
        "The agent could not reach its API.",
        true,
        3,
        report(),
        daysAgo(daysAgo));
  }

  private static TaskCancelled cancelled(String id, int daysAgo) {
    return new TaskCancelled(
        TaskEvent.SCHEMA_VERSION, id, "d-1", REPO, ISSUE, 1, "alice", daysAgo(daysAgo));
  }

  private static AgentReport report() {
    return new AgentReport(
        "Done.",
        2,
        0.02,
        1000L,
        "s-1",
        null,
        List.of(),
        new AgentReport.Transcript(List.of("{\"type\":\"result\"}"), 0));
  }
}
