package dev.kaka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import dev.kaka.common.Topics;
import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TaskStarted;
import dev.kaka.common.event.Trigger;
import dev.kaka.common.event.TriggerKind;
import dev.kaka.taskstore.TaskDocument;
import dev.kaka.taskstore.TranscriptDocument;
import dev.kaka.testkit.agent.StubAgent;
import dev.kaka.testkit.github.FakeComment;
import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.testkit.kafka.TopicReader;
import dev.kaka.testkit.mongo.MongoStandIn;
import dev.kaka.testkit.webhook.WebhookPayload;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.kafka.support.KafkaHeaders;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Nothing lost, nothing twice: {@value #TASKS} issues at a time through the running system (the
 * services as separate processes, the real broker) while one fault is injected, then the exact end
 * state: every task completed, one pull request and one (edited) status comment per issue, no task
 * left in a non-final state, and dead letters only where a poison record was put. Prints a table of
 * the figures at the end. Run it alone with {@code mvn -pl local test -Dgroups=fault}.
 */
@Tag("fault")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteEndToEndTest {

  static final int TASKS = 30;
  private static final Duration DRAIN = Duration.ofMinutes(3);
  private static final Duration OUTAGE = Duration.ofSeconds(20);
  private static final int LINES_A_MINUTE_DURING_OUTAGES = 10;
  private static final String OUTAGE_SUMMARY_LOGGER = "dev.kaka.support.logging.OutageLogThrottle";
  private static final List<String> KAFKA_LOGGERS =
      List.of("org.apache.kafka.", "org.springframework.kafka.");
  private static final List<String> MONGODB_LOGGERS =
      List.of("org.mongodb.driver.", "org.springframework.data.mongodb.");

  /** GitHub gives up on a webhook delivery after this long and records it as failed. */
  private static final Duration GITHUB_TIMEOUT = Duration.ofSeconds(10);

  private static final List<String> DEAD_LETTER_TOPICS =
      List.of(
          Topics.ISSUE_TRIGGERED_DEAD_LETTERS,
          Topics.ISSUE_TRIGGERED + "-notifier-dlt",
          Topics.TASK_EVENTS + "-notifier-dlt");
  private static final List<String> TABLE = new ArrayList<>();
  private static final List<String> REBUILD = new ArrayList<>();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final RunningSystem kaka = RunningSystem.get();

  @Test
  @Order(1)
  void theSameWebhookDeliveredThreeTimes() {
    Batch batch = new Batch("duplicate", "Fix the typo", "It says teh.");

    batch.run(
        () -> {
          for (Scenario issue : batch.issues) {
            // a redelivery from GitHub's settings page: the same payload and delivery id
            WebhookPayload payload = issue.labeled();
            String delivery = UUID.randomUUID().toString();
            for (int i = 0; i < 3; i++) {
              var response = kaka.webhooks.send(payload, delivery);
              assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
              batch.record(issue, JSON.readTree(response.body()).path("taskId").asString());
            }
          }
        });

    batch.assertExactEndState(Map.of());
  }

  @Test
  @Order(2)
  void aWorkerKilledWithSigkillMidAgentRun() {
    Batch batch = new Batch("sigkill", "Fix the typo", StubAgent.slow(1));

    batch.run(
        () -> {
          batch.issues.forEach(batch::trigger);
          await()
              .atMost(Duration.ofSeconds(30))
              .pollInterval(Duration.ofMillis(100))
              .until(() -> batch.count("running") > 0);
          kaka.system.service(LocalSettings.WORKER).kill();
          kaka.system.restart(LocalSettings.WORKER);
        });

    batch.assertExactEndState(Map.of());
  }

  @Test
  @Order(3)
  void poisonRecordsOnBothTopics() {
    Batch batch = new Batch("poison", "Fix the typo", "It says teh.");

    batch.run(
        () -> {
          List<Scenario> issues = batch.issues;
          issues.subList(0, TASKS / 2).forEach(batch::trigger);
          publishRaw(Topics.ISSUE_TRIGGERED, "octo/poison#1", "{not json at all");
          publishRaw(Topics.TASK_EVENTS, "octo/poison#1", "{\"type\":\"TaskStarted\",\"schema");
          issues.subList(TASKS / 2, TASKS).forEach(batch::trigger);
        });

    // the worker and the notifier both read the trigger topic: each parks the record once
    batch.assertExactEndState(
        Map.of(
            Topics.ISSUE_TRIGGERED_DEAD_LETTERS,
            1,
            Topics.ISSUE_TRIGGERED + "-notifier-dlt",
            1,
            Topics.TASK_EVENTS + "-notifier-dlt",
            1));
  }

  @Test
  @Order(4)
  void gitHubAnswering500AndThenRateLimited() {
    Batch batch = new Batch("github-down", "Fix the typo", "It says teh.");

    batch.run(
        () -> {
          kaka.github.failNextApiCalls(8, 500);
          kaka.github.rateLimitNextApiCalls(4, Duration.ofSeconds(3));
          batch.issues.forEach(batch::trigger);
        });

    batch.assertExactEndState(Map.of());
  }

  @Test
  @Order(5)
  void theBrokerStoppedFor20SecondsAndRestarted() {
    Batch batch = new Batch("broker-down", "Fix the typo", "It says teh.");
    List<Scenario> refused = batch.issues.subList(TASKS / 3, TASKS / 3 + 3);
    Map<Scenario, String> deliveries = new LinkedHashMap<>();

    batch.run(
        () -> {
          batch.issues.subList(0, TASKS / 3).forEach(batch::trigger);
          Instant outageStart = Instant.now();
          KafkaBroker.shared().stop();
          long stopped = System.nanoTime();
          List<Long> answers = new ArrayList<>();
          for (Scenario issue : refused) {
            // GitHub shows the 503 as a failed delivery, to be redelivered with the same id
            String delivery = UUID.randomUUID().toString();
            deliveries.put(issue, delivery);
            long sent = System.nanoTime();
            var response = kaka.webhooks.send(issue.labeled(), delivery);
            Duration answered = Duration.ofNanos(System.nanoTime() - sent);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
            assertThat(answered).as("answered before GitHub gives up").isLessThan(GITHUB_TIMEOUT);
            answers.add(answered.toMillis());
          }
          batch.note("webhooks 503 in " + answers + " ms, 202 when redelivered");
          sleepUntil(stopped, OUTAGE);
          batch.note(outageLogged(outageStart, Instant.now(), KAFKA_LOGGERS));
          KafkaBroker.shared().restart();
          deliveries.forEach(
              (issue, delivery) -> {
                var response = kaka.webhooks.send(issue.labeled(), delivery);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
                batch.record(issue, JSON.readTree(response.body()).path("taskId").asString());
              });
          batch.issues.subList(TASKS / 3 + refused.size(), TASKS).forEach(batch::trigger);
        });

    batch.assertExactEndState(Map.of());
  }

  @Test
  @Order(6)
  void theMongoStandInStoppedAndRestarted() {
    Batch batch = new Batch("mongo-down", "Fix the typo", "It says teh.");

    batch.run(
        () -> {
          batch.issues.subList(0, TASKS / 3).forEach(batch::trigger);
          String before = batch.taskIds.values().iterator().next();
          Instant outageStart = Instant.now();
          MongoStandIn.shared().stop();
          long stopped = System.nanoTime();
          // webhooks are still accepted (queued without the one-task-per-issue check); the API says
          // 503 until MongoDB is back, and the notifier's projection waits for it
          Duration slowest = Duration.ZERO;
          for (Scenario issue : batch.issues.subList(TASKS / 3, 2 * TASKS / 3)) {
            long sent = System.nanoTime();
            batch.trigger(issue);
            slowest = max(slowest, Duration.ofNanos(System.nanoTime() - sent));
          }
          assertThat(slowest).as("answered before GitHub gives up").isLessThan(GITHUB_TIMEOUT);
          long asked = System.nanoTime();
          HttpResponse<String> during = kaka.get("/tasks/" + before);
          Duration answered = Duration.ofNanos(System.nanoTime() - asked);
          assertThat(during.statusCode()).as(during.body()).isEqualTo(503);
          batch.note(
              "webhooks 202 in <= "
                  + slowest.toMillis()
                  + " ms, API 503 in "
                  + answered.toMillis()
                  + " ms");
          sleepUntil(stopped, OUTAGE);
          batch.note(outageLogged(outageStart, Instant.now(), MONGODB_LOGGERS));
          MongoStandIn.shared().restart();
          batch.issues.subList(2 * TASKS / 3, TASKS).forEach(batch::trigger);
        });

    batch.assertExactEndState(Map.of());
  }

  @Test
  @Order(7)
  void aRetryableFailureRunsAgainAsNewAttemptsThenDeadLetters() {
    Scenario issue = new Scenario(kaka, "fault-retried", "Refactor everything", StubAgent.FAIL);
    try (TopicReader deadLetters =
        TopicReader.fromEnd(
            KafkaBroker.shared().bootstrapServers(), Topics.ISSUE_TRIGGERED_DEAD_LETTERS)) {
      String taskId = issue.trigger(issue.labeled());

      var dead = deadLetters.await(1).get(0);
      // the retry topics' dead letters carry the reason as kafka_exception-*, the last one last
      assertThat(
              new String(
                  dead.headers().lastHeader("kafka_exception-message").value(),
                  StandardCharsets.UTF_8))
          .contains("attempt 3 failed");
      assertThat(
              new String(
                  dead.headers().headers("kafka_original-topic").iterator().next().value(),
                  StandardCharsets.UTF_8))
          .isEqualTo(Topics.ISSUE_TRIGGERED);
      JsonNode task =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () -> kaka.task(taskId),
                  t ->
                      t != null
                          && t.path("attempt").asInt() == 3
                          && t.path("status").asString().equals("failed"));
      assertThat(task.path("failureKind").asString()).isEqualTo("AGENT_API_UNREACHABLE");
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(issue.onlyComment().body()).contains("could not finish"));
    }
  }

  @Test
  @Order(8)
  void deadLettersAreReplayedToTheTopicTheyCameFrom() {
    try (TopicReader triggers =
        TopicReader.fromEnd(KafkaBroker.shared().bootstrapServers(), Topics.ISSUE_TRIGGERED)) {
      Map<String, Integer> replayed =
          new DeadLetterReplay(KafkaBroker.shared().bootstrapServers(), System.out).run();

      // the poison records of the scenario above, and the spent retries of the one before
      assertThat(replayed).containsKeys(Topics.ISSUE_TRIGGERED, Topics.TASK_EVENTS);
      assertThat(triggers.await(replayed.get(Topics.ISSUE_TRIGGERED)))
          .extracting(record -> record.value())
          .contains("{not json at all")
          .allSatisfy(value -> assertThat(value).isNotEmpty());
    }
  }

  /**
   * Tasks a worker started and then gave up on, as one whose outcome Kafka refused leaves them:
   * started, with their trigger among the worker's dead letters. The janitor fails each within a
   * period of its own, and the issue's next trigger runs instead of joining the wedged task.
   */
  @Test
  @Order(9)
  void tasksWedgedByADeadLetteredTriggerEndStuckAndTheNextTriggerRuns() {
    Batch batch = new Batch("wedged", "Fix the typo", "It says teh.");
    Map<Scenario, String> wedged = new LinkedHashMap<>();
    batch.issues.forEach(issue -> wedged.put(issue, wedge(issue)));
    long wedgedAt = System.nanoTime();

    wedged.forEach(
        (issue, taskId) -> {
          JsonNode task =
              await()
                  .atMost(RunningSystem.JANITOR_PERIOD.multipliedBy(2).plusSeconds(30))
                  .until(() -> kaka.task(taskId), t -> t != null && isFailed(t));
          assertThat(task.path("failureKind").asString()).isEqualTo("STUCK");
        });
    batch.note(
        String.format(
            "all %d wedged tasks failed as STUCK %.1f s after they were dead-lettered"
                + " (janitor period %d s)",
            TASKS, (System.nanoTime() - wedgedAt) / 1e9, RunningSystem.JANITOR_PERIOD.toSeconds()));
    batch.run(() -> batch.issues.forEach(batch::trigger));

    // each issue keeps the wedged task's comment, which says it could not finish
    batch.assertExactEndState(Map.of(), 2);
  }

  private static boolean isFailed(JsonNode task) {
    return task.path("status").asString().equals("failed");
  }

  /** Publishes what a worker leaves behind when it gives up on a started task; its task id. */
  private String wedge(Scenario issue) {
    String taskId = "wedged-" + UUID.randomUUID();
    RepositoryRef repository =
        new RepositoryRef("octo", issue.repo, issue.repository.cloneUrl(), "main");
    IssueRef ref = new IssueRef(issue.issue.number(), issue.issue.title(), issue.issue.htmlUrl());
    Instant now = Instant.now();
    TaskStarted started =
        new TaskStarted(
            TaskEvent.SCHEMA_VERSION,
            taskId,
            "d-" + taskId,
            repository,
            ref,
            1,
            "kaka/issue-" + ref.number() + "-fix-the-typo",
            "w-gone",
            now);
    IssueTriggered trigger =
        new IssueTriggered(
            TaskEvent.SCHEMA_VERSION,
            taskId,
            "d-" + taskId,
            repository,
            ref,
            issue.issue.body(),
            new Trigger(TriggerKind.LABEL, Scenario.SENDER, ""),
            1,
            now.minusSeconds(1));
    publishRaw(Topics.TASK_EVENTS, started.partitionKey(), JSON.writeValueAsString(started));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> kaka.task(taskId),
            t -> t != null && "running".equals(t.path("status").asString()));
    publishRaw(
        Topics.ISSUE_TRIGGERED_DEAD_LETTERS,
        trigger.partitionKey(),
        JSON.writeValueAsString(trigger),
        new RecordHeader(
            KafkaHeaders.EXCEPTION_MESSAGE,
            "attempt 1 failed: the outcome was not published".getBytes(StandardCharsets.UTF_8)));
    return taskId;
  }

  @Test
  @Order(10)
  void theProjectionRebuiltFromTheTopicsEqualsTheLiveOne() throws Exception {
    String bootstrap = KafkaBroker.shared().bootstrapServers();
    String rebuilt = "kaka-e2e-rebuilt-" + UUID.randomUUID().toString().substring(0, 8);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        MongoClient client = MongoClients.create(MongoStandIn.shared().uri(rebuilt))) {
      Map<TopicPartition, Long> quiet = awaitQuiet(admin);
      ByteArrayOutputStream said = new ByteArrayOutputStream();
      long start = System.nanoTime();

      int code =
          RunningSystem.rebuildProjection(
              rebuilt, new PrintStream(said, true, StandardCharsets.UTF_8));

      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(code).as(said.toString(StandardCharsets.UTF_8)).isZero();
      assertThat(endOffsets(admin)).as("nothing happened meanwhile").isEqualTo(quiet);
      int tasks = 0;
      for (String collection : List.of(TaskDocument.COLLECTION, TranscriptDocument.COLLECTION)) {
        Map<Object, Document> live = documents(client, RunningSystem.DATABASE, collection);
        Map<Object, Document> again = documents(client, rebuilt, collection);
        assertThat(again.keySet()).as(collection).isEqualTo(live.keySet());
        List<Object> differing =
            live.keySet().stream().filter(id -> !live.get(id).equals(again.get(id))).toList();
        assertThat(differing)
            .as(
                () ->
                    collection
                        + " differ, first: live "
                        + live.get(differing.get(0))
                        + ", rebuilt "
                        + again.get(differing.get(0)))
            .isEmpty();
        tasks = Math.max(tasks, live.size());
      }
      REBUILD.add(
          String.format(
              "projection rebuilt from the topics in %.1f s: %d tasks with their"
                  + " transcripts, equal to the live ones (%s)",
              took.toMillis() / 1000.0, tasks, said.toString(StandardCharsets.UTF_8).strip()));
    }
  }

  /**
   * Waits until nothing more happens: no record published for a while, and the worker and the
   * notifier have taken everything. Returns the topics' end offsets then.
   */
  private static Map<TopicPartition, Long> awaitQuiet(Admin admin) {
    AtomicReference<Map<TopicPartition, Long>> previous = new AtomicReference<>(Map.of());
    return await()
        .atMost(DRAIN)
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () -> {
              Map<TopicPartition, Long> ends = endOffsets(admin);
              boolean unchanged = ends.equals(previous.getAndSet(ends));
              return unchanged && lag(admin, "kaka-worker") == 0 && lag(admin, "kaka-notifier") == 0
                  ? ends
                  : null;
            },
            Objects::nonNull);
  }

  private static Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
    Set<String> topics =
        admin.listTopics().names().get().stream()
            .filter(name -> name.startsWith("kaka."))
            .collect(Collectors.toSet());
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    admin
        .describeTopics(topics)
        .allTopicNames()
        .get()
        .values()
        .forEach(
            topic ->
                topic
                    .partitions()
                    .forEach(
                        partition ->
                            latest.put(
                                new TopicPartition(topic.name(), partition.partition()),
                                OffsetSpec.latest())));
    Map<TopicPartition, Long> ends = new HashMap<>();
    admin
        .listOffsets(latest)
        .all()
        .get()
        .forEach((partition, info) -> ends.put(partition, info.offset()));
    return ends;
  }

  private static long lag(Admin admin, String group) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    Map<TopicPartition, Long> ends = endOffsets(admin);
    return committed.entrySet().stream()
        .mapToLong(entry -> ends.getOrDefault(entry.getKey(), 0L) - entry.getValue().offset())
        .sum();
  }

  private static Map<Object, Document> documents(
      MongoClient client, String database, String collection) {
    Map<Object, Document> byId = new HashMap<>();
    Flux.from(client.getDatabase(database).getCollection(collection).find())
        .toIterable()
        .forEach(document -> byId.put(document.get("_id"), document));
    return byId;
  }

  @AfterAll
  static void printTable() {
    String header =
        String.format(
            "%-40s %6s %10s %11s %5s %15s  %s",
            "scenario", "tasks", "completed", "duplicates", "lost", "time to drain", "notes");
    System.out.println(header);
    TABLE.forEach(System.out::println);
    REBUILD.forEach(System.out::println);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /**
   * Asserts that no service wrote more than a few lines a minute about the dependency while it was
   * unreachable, and says how many each wrote.
   */
  private String outageLogged(Instant from, Instant to, List<String> loggerPrefixes) {
    // a minute starts with the outage's first line, so an outage shorter than a minute can span two
    long windows = Duration.between(from, to).toMinutes() + 2;
    Map<String, Long> written = new LinkedHashMap<>();
    for (String service :
        List.of(LocalSettings.INGRESS, LocalSettings.WORKER, LocalSettings.NOTIFIER)) {
      long lines =
          kaka.jsonLog(service).stream()
              .filter(line -> isWithin(line, from, to) && isFrom(line, loggerPrefixes))
              .count();
      assertThat(lines)
          .as("lines %s logged about the outage in %s", service, Duration.between(from, to))
          .isLessThanOrEqualTo(windows * (LINES_A_MINUTE_DURING_OUTAGES + 1));
      written.put(service, lines);
    }
    return "log lines during the outage " + written;
  }

  private static boolean isWithin(JsonNode line, Instant from, Instant to) {
    Instant at = Instant.parse(line.path("@timestamp").asString());
    return !at.isBefore(from) && !at.isAfter(to);
  }

  private static boolean isFrom(JsonNode line, List<String> loggerPrefixes) {
    String logger = line.path("log").path("logger").asString("");
    return logger.equals(OUTAGE_SUMMARY_LOGGER)
        || loggerPrefixes.stream().anyMatch(logger::startsWith);
  }

  private static void sleepUntil(long startNanos, Duration elapsed) {
    long left = startNanos + elapsed.toNanos() - System.nanoTime();
    if (left > 0) {
      try {
        Thread.sleep(Duration.ofNanos(left).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static void publishRaw(String topic, String key, String value, Header... headers) {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            KafkaBroker.shared().bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all");
    try (var producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, null, key, value, List.of(headers))).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@value #TASKS} issues, each in a repository of its own, and their task ids once triggered. */
  private final class Batch {
    final String name;
    final List<Scenario> issues;
    final Map<Scenario, String> taskIds = new LinkedHashMap<>();
    final Map<String, TopicReader> deadLetters = new LinkedHashMap<>();
    final List<String> notes = new ArrayList<>();
    long drainedMillis;

    Batch(String name, String title, String body) {
      this.name = name;
      issues =
          IntStream.range(0, TASKS)
              .mapToObj(i -> new Scenario(kaka, "fault-" + name, title + " " + i, body))
              .toList();
    }

    void run(Runnable inject) {
      DEAD_LETTER_TOPICS.forEach(
          topic ->
              deadLetters.put(
                  topic, TopicReader.fromEnd(KafkaBroker.shared().bootstrapServers(), topic)));
      long start = System.nanoTime();
      inject.run();
      assertThat(taskIds).as("every issue triggered").hasSize(TASKS);
      await()
          .atMost(DRAIN)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> count("completed") == TASKS && allReported());
      drainedMillis = (System.nanoTime() - start) / 1_000_000;
    }

    /** A figure for the table's notes column. */
    void note(String note) {
      notes.add(note);
    }

    void trigger(Scenario issue) {
      record(issue, issue.trigger(issue.labeled()));
    }

    void record(Scenario issue, String taskId) {
      String earlier = taskIds.putIfAbsent(issue, taskId);
      assertThat(earlier).as("one task per issue").isIn(null, taskId);
    }

    long count(String status) {
      return List.copyOf(taskIds.values()).stream()
          .map(kaka::task)
          .filter(task -> task != null && status.equals(task.path("status").asString()))
          .count();
    }

    private boolean allReported() {
      return issues.stream()
          .allMatch(
              issue ->
                  issue.pullRequests().size() >= 1
                      && issue.comments(issue.issue.number()).stream()
                          .anyMatch(comment -> comment.body().contains("opened a pull request")));
    }

    void assertExactEndState(Map<String, Integer> expectedDeadLetters) {
      assertExactEndState(expectedDeadLetters, 1);
    }

    /** With {@code commentsPerIssue} comments on each issue, one of them Kaka's report. */
    void assertExactEndState(Map<String, Integer> expectedDeadLetters, int commentsPerIssue) {
      int pulls = 0;
      int comments = 0;
      int completed = 0;
      int duplicates = 0;
      for (Scenario issue : issues) {
        JsonNode task = kaka.task(taskIds.get(issue));
        completed += task != null && task.path("status").asString().equals("completed") ? 1 : 0;
        int issuePulls = issue.pullRequests().size();
        List<FakeComment> issueComments = issue.comments(issue.issue.number());
        pulls += issuePulls;
        comments += issueComments.size();
        duplicates +=
            Math.max(0, issuePulls - 1) + Math.max(0, issueComments.size() - commentsPerIssue);
      }
      Map<String, Integer> deadLetterCounts = new LinkedHashMap<>();
      deadLetters.forEach(
          (topic, reader) -> {
            int count = reader.settle().size();
            reader.close();
            if (count > 0) {
              deadLetterCounts.put(topic, count);
            }
          });
      TABLE.add(
          String.format(
              "%-40s %6d %10d %11d %5d %13.1f s  %s",
              name,
              TASKS,
              completed,
              duplicates,
              TASKS - completed,
              drainedMillis / 1000.0,
              String.join("; ", notes)));
      assertThat(completed).as("completed tasks").isEqualTo(TASKS);
      assertThat(pulls).as("pull requests").isEqualTo(TASKS);
      assertThat(comments).as("status comments").isEqualTo(TASKS * commentsPerIssue);
      assertThat(duplicates).as("duplicates").isZero();
      assertThat(count("queued") + count("running"))
          .as("tasks stuck in a non-final state")
          .isZero();
      assertThat(deadLetterCounts).as("dead letters").isEqualTo(expectedDeadLetters);
    }
  }
}
