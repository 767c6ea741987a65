package dev.kaka.notifier.janitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.kaka.common.Topics;
import dev.kaka.common.event.FailureKind;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TaskFailed;
import dev.kaka.taskstore.TaskDocument;
import dev.kaka.taskstore.TaskFields;
import dev.kaka.taskstore.TaskStatus;
import dev.kaka.testkit.mongo.MongoStandIn;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;
import tools.jackson.databind.json.JsonMapper;

/** The janitor's round against the stand-in's task store, with what it publishes captured. */
class JanitorTest {

  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final JanitorProperties PROPERTIES =
      new JanitorProperties(Duration.ofHours(1), Duration.ofMinutes(1));
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static MongoClient client;
  private static MongoTemplate mongo;

  @BeforeAll
  static void connect() {
    client = MongoClients.create(MongoStandIn.shared().uri("janitor-test"));
    mongo = new MongoTemplate(client, "janitor-test");
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  @BeforeEach
  void empty() {
    mongo.dropCollection(TaskDocument.class);
    mongo.dropCollection(Lease.class);
    mongo.dropCollection(DeadLetter.class);
  }

  @Test
  void aTaskRunningPastTheLongestRunIsFailedAsStuckOnceAndAFreshOneIsLeftAlone() {
    running("wedged", 2, NOW.minus(Duration.ofMinutes(61)));
    running("fresh", 1, NOW.minus(Duration.ofMinutes(59)));
    Published published = new Published();
    Janitor janitor = janitor("notifier-a", published);

    janitor.sweep();
    janitor.sweep();

    assertThat(published.records()).singleElement().satisfies(this::isStuckFailureOfWedged);
  }

  @Test
  void onlyTheReplicaHoldingTheLeaseFailsStuckTasks() {
    running("wedged", 2, NOW.minus(Duration.ofHours(3)));
    Published first = new Published();
    Published second = new Published();

    janitor("notifier-a", first).sweep();
    janitor("notifier-b", second).sweep();

    assertThat(first.records()).hasSize(1);
    assertThat(second.records()).isEmpty();
  }

  @Test
  void queuedAndFinishedTasksAreLeftAloneWhateverTheirAge() {
    stored("queued", TaskStatus.QUEUED, 1, NOW.minus(Duration.ofDays(2)));
    stored("failed", TaskStatus.FAILED, 1, NOW.minus(Duration.ofDays(2)));
    Published published = new Published();

    janitor("notifier-a", published).sweep();

    assertThat(published.records()).isEmpty();
  }

  @Test
  void aRunningTaskWhoseTriggerWasDeadLetteredIsFailedAsStuckAtOnce() {
    running("parked", 2, NOW.minus(Duration.ofMinutes(3)));
    new DeadLetters(mongo)
        .add(DeadLetter.of("parked", 2, "attempt 2 failed: Kafka refused the outcome", NOW));
    Published published = new Published();
    Janitor janitor = janitor("notifier-a", published);

    janitor.sweep();
    janitor.sweep();

    assertThat(published.records())
        .singleElement()
        .satisfies(
            record -> {
              TaskFailed failed = (TaskFailed) JSON.readValue(record.value(), TaskEvent.class);
              assertThat(failed.taskId()).isEqualTo("parked");
              assertThat(failed.attempt()).isEqualTo(2);
              assertThat(failed.failure()).isEqualTo(FailureKind.STUCK);
              assertThat(failed.message())
                  .isEqualTo(
                      "A worker gave up on the task after it started (attempt 2: attempt 2"
                          + " failed: Kafka refused the outcome) and parked it among its dead"
                          + " letters, so no worker will report how it ended.");
            });
    assertThat(mongo.findAll(DeadLetter.class)).isEmpty();
  }

  @Test
  void aDeadLetterWhoseTaskMovedOnIsForgotten() {
    DeadLetters deadLetters = new DeadLetters(mongo);
    stored("finished", TaskStatus.FAILED, 1, NOW.minus(Duration.ofMinutes(3)));
    running("retried", 3, NOW.minus(Duration.ofMinutes(1)));
    deadLetters.add(DeadLetter.of("finished", 1, "spent", NOW));
    deadLetters.add(DeadLetter.of("retried", 2, "spent", NOW));
    Published published = new Published();

    janitor("notifier-a", published).sweep();

    assertThat(published.records()).isEmpty();
    assertThat(mongo.findAll(DeadLetter.class)).isEmpty();
  }

  @Test
  void aQueuedTaskWhoseTriggerWasDeadLetteredBeforeItStartedIsFailedAsStuck() {
    stored("parked-early", TaskStatus.QUEUED, 1, NOW.minus(Duration.ofMinutes(1)));
    new DeadLetters(mongo).add(DeadLetter.of("parked-early", 1, "newer schema version 2", NOW));
    Published published = new Published();

    janitor("notifier-a", published).sweep();

    assertThat(published.records())
        .singleElement()
        .satisfies(
            record -> {
              TaskFailed failed = (TaskFailed) JSON.readValue(record.value(), TaskEvent.class);
              assertThat(failed.taskId()).isEqualTo("parked-early");
              assertThat(failed.failure()).isEqualTo(FailureKind.STUCK);
              assertThat(failed.message())
                  .startsWith(
                      "A worker gave up on the task before it started (attempt 1: newer schema"
                          + " version 2)");
            });
    assertThat(mongo.findAll(DeadLetter.class)).isEmpty();
  }

  @Test
  void aDeadLetterWhoseTaskIsNotProjectedYetIsKeptForALaterRound() {
    new DeadLetters(mongo).add(DeadLetter.of("unseen", 1, "spent", NOW));
    Published published = new Published();
    Janitor janitor = janitor("notifier-a", published);

    janitor.sweep();

    assertThat(published.records()).isEmpty();
    assertThat(mongo.findAll(DeadLetter.class))
        .extracting(DeadLetter::taskId)
        .containsExactly("unseen");

    stored("unseen", TaskStatus.QUEUED, 1, NOW.minus(Duration.ofSeconds(30)));
    janitor.sweep();

    assertThat(published.records())
        .singleElement()
        .satisfies(record -> assertThat(record.value()).contains("\"taskId\":\"unseen\""));
  }

  @Test
  void aDeadLetterWhoseTaskNeverStartsIsForgottenAfterTheLongestRun() {
    new DeadLetters(mongo)
        .add(DeadLetter.of("never", 1, "unreadable", NOW.minus(Duration.ofMinutes(61))));

    janitor("notifier-a", new Published()).sweep();

    assertThat(mongo.findAll(DeadLetter.class)).isEmpty();
  }

  private void isStuckFailureOfWedged(ProducerRecord<String, String> record) {
    assertThat(record.topic()).isEqualTo(Topics.TASK_EVENTS);
    assertThat(record.key()).isEqualTo("octo/hello#7");
    TaskFailed failed = (TaskFailed) JSON.readValue(record.value(), TaskEvent.class);
    assertThat(failed.schemaVersion()).isEqualTo(TaskEvent.SCHEMA_VERSION);
    assertThat(failed.taskId()).isEqualTo("wedged");
    assertThat(failed.deliveryId()).isEqualTo("d-wedged");
    assertThat(failed.attempt()).isEqualTo(2);
    assertThat(failed.failure()).isEqualTo(FailureKind.STUCK);
    assertThat(failed.willRetry()).isFalse();
    assertThat(failed.repository().cloneUrl()).isEqualTo("https://github.com/octo/hello.git");
    assertThat(failed.issue().title()).isEqualTo("Fix typo");
    assertThat(failed.occurredAt()).isEqualTo(NOW);
    assertThat(failed.message())
        .isEqualTo(
            "The task was still running 1h1m after a worker started it, longer than any"
                + " run may take (1h), and no worker reported how it ended.");
  }

  private static Janitor janitor(String replica, Published published) {
    return new Janitor(
        new JanitorLease(mongo, replica, Duration.ofMinutes(2)),
        new StuckTasks(mongo, PROPERTIES.longestRun()),
        new DeadLetters(mongo),
        new FailurePublisher(new KafkaTemplate<>(new MockProducerFactory<>(published::producer))),
        PROPERTIES,
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static void running(String id, int attempt, Instant startedAt) {
    stored(id, TaskStatus.RUNNING, attempt, startedAt);
  }

  /** As the notifier projects a task that a worker started. */
  private static void stored(String id, TaskStatus status, int attempt, Instant startedAt) {
    Document source =
        new Document("owner", "octo")
            .append("name", "hello")
            .append("cloneUrl", "https://github.com/octo/hello.git")
            .append("defaultBranch", "main");
    mongo.save(
        new Document(TaskFields.ID, id)
            .append(TaskFields.DELIVERY_ID, "d-" + id)
            .append(TaskFields.REPOSITORY, "octo/hello")
            .append(TaskFields.ISSUE_NUMBER, 7)
            .append(TaskFields.ISSUE_TITLE, "Fix typo")
            .append(TaskFields.ISSUE_URL, "https://github.com/octo/hello/issues/7")
            .append(TaskFields.SOURCE, source)
            .append(TaskFields.STATUS, status.storedName())
            .append(TaskFields.ATTEMPT, attempt)
            .append(TaskFields.CREATED_AT, Date.from(startedAt.minusSeconds(5)))
            .append(TaskFields.STARTED_AT, Date.from(startedAt)),
        TaskDocument.COLLECTION);
  }

  /** What one replica's producers were given. */
  private static final class Published {

    private final List<MockProducer<String, String>> producers = new CopyOnWriteArrayList<>();

    MockProducer<String, String> producer() {
      MockProducer<String, String> producer =
          new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
      producers.add(producer);
      return producer;
    }

    List<ProducerRecord<String, String>> records() {
      return producers.stream().flatMap(producer -> producer.history().stream()).toList();
    }
  }
}
