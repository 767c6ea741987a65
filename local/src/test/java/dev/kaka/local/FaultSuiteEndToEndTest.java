package dev.kaka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kaka.common.Topics;
import dev.kaka.testkit.agent.StubAgent;
import dev.kaka.testkit.github.FakeComment;
import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.testkit.kafka.TopicReader;
import dev.kaka.testkit.webhook.WebhookPayload;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Nothing lost, nothing twice: {@value #TASKS} issues at a time through the running system (the
 * services as separate processes, the real broker) while one fault is injected, then the exact end
 * state: every task completed, one pull request and one (edited) status comment per issue, no task
 * left in a non-final state, and dead letters only where a poison record was put. Prints a table
 * of the figures at the end. Run it alone with {@code mvn -pl local test -Dgroups=fault}.
 */
@Tag("fault")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteEndToEndTest {

  static final int TASKS = 30;
  private static final Duration DRAIN = Duration.ofMinutes(3);
  private static final List<String> DEAD_LETTER_TOPICS = List.of(
      Topics.ISSUE_TRIGGERED + "-worker-dlt",
      Topics.ISSUE_TRIGGERED + "-notifier-dlt",
      Topics.TASK_EVENTS + "-notifier-dlt");
  private static final List<String> TABLE = new ArrayList<>();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final RunningSystem kaka = RunningSystem.get();

  @Test
  @Order(1)
  void theSameWebhookDeliveredThreeTimes() {
    Batch batch = new Batch("duplicate", "Fix the typo", "It says teh.");

    batch.run(() -> {
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

    batch.run(() -> {
      batch.issues.forEach(batch::trigger);
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
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

    batch.run(() -> {
      List<Scenario> issues = batch.issues;
      issues.subList(0, TASKS / 2).forEach(batch::trigger);
      publishRaw(Topics.ISSUE_TRIGGERED, "octo/poison#1", "{not json at all");
      publishRaw(Topics.TASK_EVENTS, "octo/poison#1", "{\"type\":\"TaskStarted\",\"schema");
      issues.subList(TASKS / 2, TASKS).forEach(batch::trigger);
    });

    // the worker and the notifier both read the trigger topic: each parks the record once
    batch.assertExactEndState(Map.of(
        Topics.ISSUE_TRIGGERED + "-worker-dlt", 1,
        Topics.ISSUE_TRIGGERED + "-notifier-dlt", 1,
        Topics.TASK_EVENTS + "-notifier-dlt", 1));
  }

  @Test
  @Order(4)
  void gitHubAnswering500AndThenRateLimited() {
    Batch batch = new Batch("github-down", "Fix the typo", "It says teh.");

    batch.run(() -> {
      kaka.github.failNextApiCalls(8, 500);
      kaka.github.rateLimitNextApiCalls(4, Duration.ofSeconds(3));
      batch.issues.forEach(batch::trigger);
    });

    batch.assertExactEndState(Map.of());
  }

  @Test
  @Order(5)
  void aRetryableFailureRunsAgainAsNewAttemptsThenDeadLetters() {
    Scenario issue = new Scenario(kaka, "fault-retried", "Refactor everything", StubAgent.FAIL);
    try (TopicReader deadLetters = TopicReader.fromEnd(KafkaBroker.shared().bootstrapServers(),
        Topics.ISSUE_TRIGGERED + "-worker-dlt")) {
      String taskId = issue.trigger(issue.labeled());

      var dead = deadLetters.await(1).get(0);
      // the retry topics' dead letters carry the reason as kafka_exception-*, the last one last
      assertThat(new String(dead.headers().lastHeader("kafka_exception-message").value(),
          StandardCharsets.UTF_8)).contains("attempt 3 failed");
      assertThat(new String(dead.headers().headers("kafka_original-topic").iterator().next()
          .value(), StandardCharsets.UTF_8)).isEqualTo(Topics.ISSUE_TRIGGERED);
      JsonNode task = await().atMost(Duration.ofSeconds(30)).until(() -> kaka.task(taskId),
          t -> t != null && t.path("attempt").asInt() == 3
              && t.path("status").asString().equals("failed"));
      assertThat(task.path("failureKind").asString()).isEqualTo("AGENT_API_UNREACHABLE");
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(issue.onlyComment().body()).contains("could not finish"));
    }
  }

  @Test
  @Order(6)
  void deadLettersAreReplayedToTheTopicTheyCameFrom() {
    try (TopicReader triggers = TopicReader.fromEnd(KafkaBroker.shared().bootstrapServers(),
        Topics.ISSUE_TRIGGERED)) {
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

  @AfterAll
  static void printTable() {
    String header = String.format("%-40s %6s %10s %11s %5s %15s", "scenario", "tasks", "completed",
        "duplicates", "lost", "time to drain");
    System.out.println(header);
    TABLE.forEach(System.out::println);
  }

  private static void publishRaw(String topic, String key, String value) {
    Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        KafkaBroker.shared().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all");
    try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
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
    long drainedMillis;

    Batch(String name, String title, String body) {
      this.name = name;
      issues = IntStream.range(0, TASKS)
          .mapToObj(i -> new Scenario(kaka, "fault-" + name, title + " " + i, body)).toList();
    }

    void run(Runnable inject) {
      DEAD_LETTER_TOPICS.forEach(topic -> deadLetters.put(topic,
          TopicReader.fromEnd(KafkaBroker.shared().bootstrapServers(), topic)));
      long start = System.nanoTime();
      inject.run();
      assertThat(taskIds).as("every issue triggered").hasSize(TASKS);
      await().atMost(DRAIN).pollInterval(Duration.ofMillis(500))
          .until(() -> count("completed") == TASKS && allReported());
      drainedMillis = (System.nanoTime() - start) / 1_000_000;
    }

    void trigger(Scenario issue) {
      record(issue, issue.trigger(issue.labeled()));
    }

    void record(Scenario issue, String taskId) {
      String earlier = taskIds.putIfAbsent(issue, taskId);
      assertThat(earlier).as("one task per issue").isIn(null, taskId);
    }

    long count(String status) {
      return List.copyOf(taskIds.values()).stream().map(kaka::task)
          .filter(task -> task != null && status.equals(task.path("status").asString()))
          .count();
    }

    private boolean allReported() {
      return issues.stream().allMatch(issue -> issue.pullRequests().size() >= 1
          && issue.comments(issue.issue.number()).stream()
              .anyMatch(comment -> comment.body().contains("opened a pull request")));
    }

    void assertExactEndState(Map<String, Integer> expectedDeadLetters) {
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
        duplicates += Math.max(0, issuePulls - 1) + Math.max(0, issueComments.size() - 1);
      }
      Map<String, Integer> deadLetterCounts = new LinkedHashMap<>();
      deadLetters.forEach((topic, reader) -> {
        int count = reader.settle().size();
        reader.close();
        if (count > 0) {
          deadLetterCounts.put(topic, count);
        }
      });
      TABLE.add(String.format("%-40s %6d %10d %11d %5d %13.1f s", name, TASKS, completed,
          duplicates, TASKS - completed, drainedMillis / 1000.0));
      assertThat(completed).as("completed tasks").isEqualTo(TASKS);
      assertThat(pulls).as("pull requests").isEqualTo(TASKS);
      assertThat(comments).as("status comments").isEqualTo(TASKS);
      assertThat(duplicates).as("duplicates").isZero();
      assertThat(count("queued") + count("running")).as("tasks stuck in a non-final state").isZero();
      assertThat(deadLetterCounts).as("dead letters").isEqualTo(expectedDeadLetters);
    }
  }
}
