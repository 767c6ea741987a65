package dev.kaka.ingress.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.ingress.Operator;
import dev.kaka.taskstore.AuditDocument;
import dev.kaka.taskstore.AuditDocument.HistoryEntry;
import dev.kaka.taskstore.TaskDocument;
import dev.kaka.taskstore.TaskFields;
import dev.kaka.taskstore.TaskStatus;
import dev.kaka.taskstore.TranscriptDocument;
import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.testkit.mongo.MongoStandIn;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"kaka.webhook.secrets=task-audit-test", Operator.PROPERTY})
@AutoConfigureWebTestClient
class TaskAuditControllerTest {

  private static final String TASK = "6f1c2d3e-4a5b-3c6d-8e9f-0a1b2c3d4e5f";
  private static final String QUEUED = "7a1c2d3e-4a5b-3c6d-8e9f-0a1b2c3d4e5f";
  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
    registry.add("spring.mongodb.uri", () -> MongoStandIn.shared().uri("ingress-audit-test"));
  }

  @Autowired WebTestClient client;

  @Autowired ReactiveMongoTemplate mongo;

  @BeforeEach
  void tasks() {
    client = Operator.client(client);
    mongo.dropCollection(TaskDocument.class).block();
    mongo.dropCollection(AuditDocument.class).block();
    mongo.dropCollection(TranscriptDocument.class).block();
    task(TASK, TaskStatus.COMPLETED);
    task(QUEUED, TaskStatus.QUEUED);
    // as the events arrived: the retry's trigger before the first run's outcome
    mongo
        .save(
            new AuditDocument(
                TASK,
                "octo/hello",
                7,
                List.of(
                    entry("triggered:1", "triggered", 1, "alice", "label", T0),
                    entry(
                        "started:1",
                        "started",
                        1,
                        "worker-a",
                        "on branch kaka/x",
                        T0.plusSeconds(1)),
                    entry("triggered:2", "retried", 2, "operator", null, T0.plusSeconds(3)),
                    entry("failed:1", "failed", 1, null, "AGENT_FAILED", T0.plusSeconds(2))),
                2,
                "Implement GitHub issue #7: Fix the typo",
                new AuditDocument.Settings(
                    "opus",
                    10,
                    "1.5",
                    600L,
                    "main",
                    "kaka/",
                    null,
                    List.of(),
                    List.of(),
                    List.of("agent.model"),
                    "READ")))
        .block();
    mongo
        .save(
            new Document("_id", TASK)
                .append("attempt", 2)
                .append("lines", List.of("{\"type\":\"result\"}"))
                .append("linesDropped", 0)
                .append("recordedAt", Date.from(T0.plusSeconds(9))),
            TranscriptDocument.COLLECTION)
        .block();
  }

  @Test
  void showsRequesterHistoryPromptSettingsAndTranscript() {
    client
        .get()
        .uri("/api/tasks/" + TASK + "/audit")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.taskId")
        .isEqualTo(TASK)
        .jsonPath("$.requester")
        .isEqualTo("operator")
        .jsonPath("$.history[*].event")
        .isEqualTo(List.of("triggered", "started", "failed", "retried"))
        .jsonPath("$.history[3].by")
        .isEqualTo("operator")
        .jsonPath("$.history[0].at")
        .isEqualTo("2026-11-25T10:00:00Z")
        .jsonPath("$.history[0].key")
        .doesNotExist()
        .jsonPath("$.promptAttempt")
        .isEqualTo(2)
        .jsonPath("$.prompt")
        .isEqualTo("Implement GitHub issue #7: Fix the typo")
        .jsonPath("$.settings.model")
        .isEqualTo("opus")
        .jsonPath("$.settings.fromRepository[0]")
        .isEqualTo("agent.model")
        .jsonPath("$.settings.repositoryFile")
        .isEqualTo("READ")
        .jsonPath("$.transcript.lines[0]")
        .isEqualTo("{\"type\":\"result\"}");
  }

  @Test
  void aTaskWithoutARunYetHasAnAuditWithoutPromptOrTranscript() {
    client
        .get()
        .uri("/api/tasks/" + QUEUED + "/audit")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("queued")
        .jsonPath("$.history")
        .isEmpty()
        .jsonPath("$.prompt")
        .doesNotExist()
        .jsonPath("$.transcript")
        .doesNotExist();
  }

  @Test
  void anUnknownTaskIsNotFound() {
    client
        .get()
        .uri("/api/tasks/00000000-0000-0000-0000-000000000000/audit")
        .exchange()
        .expectStatus()
        .isNotFound();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "t-1",
        "6F1C2D3E-4A5B-3C6D-8E9F-0A1B2C3D4E5F",
        "6f1c2d3e-4a5b-3c6d-8e9f-0a1b2c3d4e5f0",
        "not-a-task"
      })
  void aMalformedIdIsABadRequestThatSaysWhatAnIdIs(String id) {
    client
        .get()
        .uri("/api/tasks/" + id + "/audit")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.detail")
        .value(String.class, detail -> assertThat(detail).contains("id must be a task id"));
  }

  private static HistoryEntry entry(
      String key, String event, int attempt, String by, String detail, Instant at) {
    return new HistoryEntry(key, event, attempt, by, detail, at);
  }

  private void task(String id, TaskStatus status) {
    mongo
        .save(
            new Document(TaskFields.ID, id)
                .append(TaskFields.REPOSITORY, "octo/hello")
                .append(TaskFields.ISSUE_NUMBER, 7)
                .append(TaskFields.REQUESTER, "operator")
                .append(TaskFields.TRIGGER, "RETRY")
                .append(TaskFields.ATTEMPT, 2)
                .append(TaskFields.STATUS, status.storedName())
                .append(TaskFields.CREATED_AT, Date.from(T0)),
            TaskDocument.COLLECTION)
        .block();
  }
}
