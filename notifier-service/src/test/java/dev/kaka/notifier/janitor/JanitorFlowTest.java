package dev.kaka.notifier.janitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kaka.common.Topics;
import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TaskStarted;
import dev.kaka.common.event.Trigger;
import dev.kaka.common.event.TriggerKind;
import dev.kaka.taskstore.TaskDocument;
import dev.kaka.taskstore.TaskStatus;
import dev.kaka.testkit.github.FakeGitHub;
import dev.kaka.testkit.github.FakeIssue;
import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.testkit.mongo.MongoStandIn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The running notifier's janitor, by its clock and configuration: a task wedged running ends failed
 * through the notifier's own listener, with its status comment saying so.
 */
@SpringBootTest(properties = {"kaka.janitor.longest-run=1h", "kaka.janitor.period=500ms"})
class JanitorFlowTest {

  private static final String TOKEN = "janitor-test-token";
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final FakeGitHub GITHUB = startGitHub();
  private static final JsonMapper JSON = JsonMapper.builder().build();
  // an installation token as a worker's git error could quote it
  private static final String LEAKED_TOKEN = "ghs_" + "a".repeat(36);

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
    registry.add("spring.mongodb.uri", () -> MongoStandIn.shared().uri("janitor-flow-test"));
    registry.add("kaka.github.api-url", GITHUB::apiUrl);
    registry.add("kaka.github.token", () -> TOKEN);
  }

  @TestConfiguration
  static class FixedClock {

    @Bean
    Clock clock() {
      return Clock.fixed(NOW, ZoneOffset.UTC);
    }
  }

  @Autowired MongoTemplate mongo;

  @AfterAll
  static void stopGitHub() {
    GITHUB.close();
  }

  @Test
  void aTaskRunningPastTheLongestRunEndsFailedAsStuckAndAFreshOneKeepsRunning() {
    Task wedged = new Task("janitor-wedged", NOW.minus(Duration.ofHours(2)));
    Task fresh = new Task("janitor-fresh", NOW.minus(Duration.ofMinutes(5)));

    wedged.publishTriggeredAndStarted();
    fresh.publishTriggeredAndStarted();

    TaskDocument failed =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> find(wedged.id), doc -> doc != null && doc.status() == TaskStatus.FAILED);
    assertThat(failed.failureKind()).isEqualTo("STUCK");
    assertThat(failed.error()).startsWith("The task was still running 2h after a worker started");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(GITHUB.comments("octo", wedged.repo, wedged.issue.number()))
                    .singleElement()
                    .satisfies(
                        comment ->
                            assertThat(comment.body())
                                .contains("could not finish")
                                .contains("stopped making progress")
                                .contains("comment `/kaka`")));
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .until(() -> find(fresh.id), doc -> doc != null && doc.status() == TaskStatus.RUNNING);
  }

  @Test
  void aStartedTaskWhoseTriggerAWorkerDeadLetteredEndsFailedAsStuckWithinAPeriod() {
    Task parked = new Task("janitor-parked", NOW.minus(Duration.ofMinutes(2)));
    parked.publishTriggeredAndStarted();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> find(parked.id), doc -> doc != null && doc.status() == TaskStatus.RUNNING);

    publish(
        Topics.ISSUE_TRIGGERED_DEAD_LETTERS,
        parked.triggered(),
        new RecordHeader(
            KafkaHeaders.EXCEPTION_MESSAGE,
            ("attempt 1 failed: the outcome was not published (push to https://x-access-token:"
                    + LEAKED_TOKEN
                    + "@github.com/octo/parked.git)")
                .getBytes(StandardCharsets.UTF_8)));

    TaskDocument failed =
        await()
            .atMost(Duration.ofSeconds(15))
            .until(() -> find(parked.id), doc -> doc != null && doc.status() == TaskStatus.FAILED);
    assertThat(failed.failureKind()).isEqualTo("STUCK");
    assertThat(failed.error())
        .contains("attempt 1: attempt 1 failed: the outcome was not published")
        .contains("dead letters")
        .doesNotContain(LEAKED_TOKEN)
        .contains("https://***@github.com");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(GITHUB.comments("octo", parked.repo, parked.issue.number()))
                    .singleElement()
                    .satisfies(comment -> assertThat(comment.body()).contains("could not finish")));
  }

  private TaskDocument find(String taskId) {
    return mongo.findById(taskId, TaskDocument.class);
  }

  private static void publish(TaskEvent event) {
    publish(event instanceof IssueTriggered ? Topics.ISSUE_TRIGGERED : Topics.TASK_EVENTS, event);
  }

  private static void publish(String topic, TaskEvent event, Header... headers) {
    Map<String, Object> config =
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
    try (var producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  topic,
                  null,
                  event.partitionKey(),
                  JSON.writeValueAsString(event),
                  List.of(headers)))
          .get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static FakeGitHub startGitHub() {
    try {
      return FakeGitHub.start(Files.createTempDirectory("janitor-github"), TOKEN);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A task on an issue of its own repository, started by a worker at {@code startedAt}. */
  private static final class Task {
    final String id = UUID.randomUUID().toString();
    final String repo;
    final RepositoryRef repository;
    final FakeIssue issue;
    final Instant startedAt;

    Task(String repo, Instant startedAt) {
      this.repo = repo;
      this.startedAt = startedAt;
      var created = GITHUB.createRepository("octo", repo, "main", Map.of("README.md", "teh\n"));
      repository = new RepositoryRef("octo", repo, created.cloneUrl(), "main");
      issue = GITHUB.openIssue("octo", repo, "Fix the typo", "The README says teh.");
    }

    IssueTriggered triggered() {
      return new IssueTriggered(
          TaskEvent.SCHEMA_VERSION,
          id,
          "d-" + id,
          repository,
          ref(),
          issue.body(),
          new Trigger(TriggerKind.LABEL, "alice", ""),
          1,
          startedAt.minusSeconds(1));
    }

    void publishTriggeredAndStarted() {
      publish(triggered());
      publish(
          new TaskStarted(
              TaskEvent.SCHEMA_VERSION,
              id,
              "d-" + id,
              repository,
              ref(),
              1,
              "kaka/issue-" + issue.number() + "-fix-the-typo",
              "w-1",
              startedAt));
    }

    private IssueRef ref() {
      return new IssueRef(issue.number(), issue.title(), issue.htmlUrl());
    }
  }
}
