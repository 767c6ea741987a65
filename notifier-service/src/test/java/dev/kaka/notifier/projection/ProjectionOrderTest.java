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
import dev.kaka.common.event.TaskProgressed;
import dev.kaka.common.event.TaskStarted;
import dev.kaka.common.event.Trigger;
import dev.kaka.common.event.TriggerKind;
import dev.kaka.taskstore.AuditDocument;
import dev.kaka.taskstore.TaskDocument;
import dev.kaka.taskstore.TranscriptDocument;
import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.testkit.mongo.MongoStandIn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * What {@link ProjectionRebuild} relies on. A task's events come on two topics: the live notifier
 * reads them interleaved in whatever order it fetches the partitions, a rebuild in another, and
 * applies the reports last. For every interleaving that keeps each topic's own order, the rebuilt
 * documents equal the ones the live notifier wrote.
 */
class ProjectionOrderTest {

  private static final RepositoryRef REPO =
      new RepositoryRef("octo", "hello", "https://github.com/octo/hello.git", "main");
  private static final IssueRef ISSUE =
      new IssueRef(7, "Fix typo", "https://github.com/octo/hello/issues/7");
  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  private static final String PULL_URL = "https://github.com/octo/hello/pull/9";

  private static MongoClient client;
  private static MongoTemplate mongo;
  private static TaskStore store;

  @BeforeAll
  static void connect() {
    client = MongoClients.create(MongoStandIn.shared().uri("projection-order-test"));
    mongo = new MongoTemplate(client, "projection-order-test");
    // reports are applied directly here, as a rebuild applies them: nothing is appended to the log
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

  static Stream<Arguments> histories() {
    return Stream.of(
        Arguments.of(
            "completed",
            (Function<String, List<TaskEvent>>)
                id ->
                    List.of(
                        triggered(id, 1, TriggerKind.LABEL, "alice", 0),
                        started(id, 1, "worker-a", 1),
                        progressed(id, 1, 2, 2),
                        progressed(id, 1, 4, 3),
                        completed(id, 1, 4))),
        Arguments.of(
            "failed, retried by the worker, completed",
            (Function<String, List<TaskEvent>>)
                id ->
                    List.of(
                        triggered(id, 1, TriggerKind.LABEL, "alice", 0),
                        started(id, 1, "worker-a", 1),
                        progressed(id, 1, 1, 2),
                        failed(id, 1, 3),
                        started(id, 2, "worker-b", 40),
                        progressed(id, 2, 3, 41),
                        completed(id, 2, 42))),
        Arguments.of(
            "failed, retried from the API, completed",
            (Function<String, List<TaskEvent>>)
                id ->
                    List.of(
                        triggered(id, 1, TriggerKind.COMMENT, "alice", 0),
                        started(id, 1, "worker-a", 1),
                        failed(id, 1, 2),
                        triggered(id, 2, TriggerKind.RETRY, "operator", 60),
                        started(id, 2, "worker-a", 61),
                        completed(id, 2, 62))),
        Arguments.of(
            "cancelled while running",
            (Function<String, List<TaskEvent>>)
                id ->
                    List.of(
                        triggered(id, 1, TriggerKind.LABEL, "alice", 0),
                        started(id, 1, "worker-a", 1),
                        progressed(id, 1, 2, 2),
                        cancelled(id, 1, 3))),
        Arguments.of(
            "run again after a crash, its trigger replayed later",
            (Function<String, List<TaskEvent>>)
                id ->
                    List.of(
                        triggered(id, 1, TriggerKind.LABEL, "alice", 0),
                        started(id, 1, "worker-a", 1),
                        progressed(id, 1, 1, 2),
                        started(id, 1, "worker-b", 50),
                        progressed(id, 1, 3, 51),
                        completed(id, 1, 52),
                        triggered(id, 1, TriggerKind.LABEL, "alice", 0))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("histories")
  void everyOrderOfTheTwoTopicsRebuildsTheLiveDocuments(
      String name, Function<String, List<TaskEvent>> history) {
    String liveId = "live-" + UUID.randomUUID();
    List<Reported> reports = new ArrayList<>();
    history.apply(liveId).forEach(event -> live(event, reports));
    Document task = withoutId(TaskDocument.COLLECTION, liveId);
    Document transcript = withoutId(TranscriptDocument.COLLECTION, liveId);
    Document audit = withoutId(AuditDocument.COLLECTION, liveId);

    List<List<Integer>> orders = interleavings(history.apply("any"));
    assertThat(orders).hasSizeGreaterThan(1);
    for (List<Integer> order : orders) {
      String rebuiltId = "rebuilt-" + UUID.randomUUID();
      List<TaskEvent> events = history.apply(rebuiltId);
      order.forEach(index -> rebuild(events.get(index)));
      reports.forEach(
          report ->
              store.apply(
                  new Reported(
                      rebuiltId,
                      report.progress(),
                      report.pullRequestNumber(),
                      report.pullRequestUrl())));

      assertThat(withoutId(TaskDocument.COLLECTION, rebuiltId))
          .as("order %s", order)
          .isEqualTo(task);
      assertThat(withoutId(TranscriptDocument.COLLECTION, rebuiltId))
          .as("order %s", order)
          .isEqualTo(transcript);
      assertThat(withoutId(AuditDocument.COLLECTION, rebuiltId))
          .as("order %s", order)
          .isEqualTo(audit);
    }
  }

  /** As the notifier's listener: project, then report what is newer than the last report. */
  private static void live(TaskEvent event, List<Reported> reports) {
    if (event instanceof TaskProgressed progressed) {
      store.recordProgress(progressed);
      return;
    }
    store.project(event);
    if (Progress.of(event) > store.reportedProgress(event.taskId())) {
      Reported report =
          event instanceof TaskCompleted
              ? new Reported(event.taskId(), Progress.of(event), 9, PULL_URL)
              : new Reported(event.taskId(), Progress.of(event), null, null);
      store.apply(report);
      reports.add(report);
    }
  }

  /** As {@link ProjectionRebuild}. */
  private static void rebuild(TaskEvent event) {
    if (event instanceof TaskProgressed progressed) {
      store.recordProgress(progressed);
    } else {
      store.project(event);
    }
  }

  /**
   * Every order of the history's events that keeps the order of each topic: the triggers on one,
   * the rest on the other. As indexes into the history.
   */
  private static List<List<Integer>> interleavings(List<TaskEvent> history) {
    List<Integer> triggers = new ArrayList<>();
    List<Integer> events = new ArrayList<>();
    for (int i = 0; i < history.size(); i++) {
      (history.get(i) instanceof IssueTriggered ? triggers : events).add(i);
    }
    List<List<Integer>> orders = new ArrayList<>();
    merge(triggers, 0, events, 0, new ArrayList<>(), orders);
    return orders;
  }

  private static void merge(
      List<Integer> a,
      int i,
      List<Integer> b,
      int j,
      List<Integer> prefix,
      List<List<Integer>> orders) {
    if (i == a.size() && j == b.size()) {
      orders.add(List.copyOf(prefix));
      return;
    }
    if (i < a.size()) {
      prefix.add(a.get(i));
      merge(a, i + 1, b, j, prefix, orders);
      prefix.remove(prefix.size() - 1);
    }
    if (j < b.size()) {
      prefix.add(b.get(j));
      merge(a, i, b, j + 1, prefix, orders);
      prefix.remove(prefix.size() - 1);
    }
  }

  private static Document withoutId(String collection, String id) {
    Document document = mongo.findById(id, Document.class, collection);
    if (document != null) {
      document.remove("_id");
    }
    return document;
  }

  private static IssueTriggered triggered(
      String id, int attempt, TriggerKind kind, String requester, int second) {
    return new IssueTriggered(
        TaskEvent.SCHEMA_VERSION,
        id,
        "d-1",
        REPO,
        ISSUE,
        "It says teh.",
        new Trigger(kind, requester, ""),
        attempt,
        T0.plusSeconds(second));
  }

  private static TaskStarted started(String id, int attempt, String worker, int second) {
    return new TaskStarted(
        TaskEvent.SCHEMA_VERSION,
        id,
        "d-1",
        REPO,
        ISSUE,
        attempt,
        "kaka/issue-7-fix-typo",
        worker,
        T0.plusSeconds(second));
  }

  private static TaskProgressed progressed(String id, int attempt, int turns, int second) {
    return new TaskProgressed(
        TaskEvent.SCHEMA_VERSION,
        id,
        "d-1",
        REPO,
        ISSUE,
        attempt,
        turns,
        "Edit",
        List.of("README.md"),
        T0.plusSeconds(second));
  }

  private static TaskCompleted completed(String id, int attempt, int second) {
    return new TaskCompleted(
        TaskEvent.SCHEMA_VERSION,
        id,
        "d-1",
        REPO,
        ISSUE,
        "alice",
        attempt,
        "kaka/issue-7-fix-typo",
        "main",
        "abc" + attempt,
        List.of("README.md"),
        report("attempt " + attempt + " done"),
        T0.plusSeconds(second));
  }

  private static TaskFailed failed(String id, int attempt, int second) {
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
        report("attempt " + attempt + " failed"),
        T0.plusSeconds(second));
  }

  private static TaskCancelled cancelled(String id, int attempt, int second) {
    return new TaskCancelled(
        TaskEvent.SCHEMA_VERSION, id, "d-1", REPO, ISSUE, attempt, "alice", T0.plusSeconds(second));
  }

  private static AgentReport report(String line) {
    return new AgentReport(
        "Done.",
        2,
        0.02,
        1000L,
        "s-1",
        null,
        List.of(),
        new AgentReport.Transcript(List.of(line), 0));
  }
}
