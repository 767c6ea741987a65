package dev.kaka.ingress.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.ingress.Operator;
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
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"kaka.webhook.secrets=task-controller-test", Operator.PROPERTY})
@AutoConfigureWebTestClient
class TaskControllerTest {

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
    registry.add("spring.mongodb.uri", () -> MongoStandIn.shared().uri("ingress-task-test"));
  }

  @Autowired WebTestClient client;

  @Autowired ReactiveMongoTemplate mongo;

  @BeforeEach
  void tasks() {
    client = Operator.client(client);
    mongo.dropCollection(TaskDocument.class).block();
    save("t-1", "octo/a", TaskStatus.COMPLETED, "2026-11-25T10:00:00Z");
    save("t-2", "octo/b", TaskStatus.FAILED, "2026-11-25T11:00:00Z");
    save("t-3", "octo/a", TaskStatus.RUNNING, "2026-11-25T12:00:00Z");
  }

  @Test
  void listsNewestFirstWithTheTotal() {
    client
        .get()
        .uri("/api/tasks")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.total")
        .isEqualTo(3)
        .jsonPath("$.tasks[*].id")
        .isEqualTo(java.util.List.of("t-3", "t-2", "t-1"))
        .jsonPath("$.tasks[0].repository")
        .isEqualTo("octo/a")
        .jsonPath("$.tasks[0].createdAt")
        .isEqualTo("2026-11-25T12:00:00Z");
  }

  @Test
  void filtersByRepositoryAndStatus() {
    client
        .get()
        .uri("/api/tasks?repo=octo/a")
        .exchange()
        .expectBody()
        .jsonPath("$.tasks[*].id")
        .isEqualTo(java.util.List.of("t-3", "t-1"));
    client
        .get()
        .uri("/api/tasks?repo=octo/a&status=completed")
        .exchange()
        .expectBody()
        .jsonPath("$.total")
        .isEqualTo(1)
        .jsonPath("$.tasks[0].id")
        .isEqualTo("t-1");
  }

  @Test
  void pagesKeepTheTotalOfAllMatches() {
    client
        .get()
        .uri("/api/tasks?page=1&size=2")
        .exchange()
        .expectBody()
        .jsonPath("$.total")
        .isEqualTo(3)
        .jsonPath("$.page")
        .isEqualTo(1)
        .jsonPath("$.tasks[*].id")
        .isEqualTo(java.util.List.of("t-1"));
  }

  @ParameterizedTest
  @CsvSource({
    "status=done, status",
    "size=0, size",
    "size=1000, size",
    "page=-1, page",
    "page=two, page"
  })
  void aWrongParameterIsABadRequestThatNamesIt(String query, String parameter) {
    client
        .get()
        .uri("/api/tasks?" + query)
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.detail")
        .value(String.class, detail -> assertThat(detail).contains(parameter));
  }

  @Test
  void oneTaskByIdOr404() {
    client
        .get()
        .uri("/api/tasks/t-2")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("failed")
        .jsonPath("$.id")
        .isEqualTo("t-2");
    client.get().uri("/api/tasks/nope").exchange().expectStatus().isNotFound();
  }

  @Test
  void aRunningTaskShowsWhatTheAgentHasDoneSoFar() {
    mongo
        .updateFirst(
            Query.query(Criteria.where(TaskFields.ID).is("t-3")),
            new Update()
                .set(
                    TaskFields.AGENT_PROGRESS,
                    new TaskDocument.AgentProgress(
                        4, "Edit", List.of("README.md"), Instant.parse("2026-11-25T12:05:00Z"))),
            TaskDocument.class)
        .block();

    client
        .get()
        .uri("/api/tasks/t-3")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.progress.turns")
        .isEqualTo(4)
        .jsonPath("$.progress.currentTool")
        .isEqualTo("Edit")
        .jsonPath("$.progress.filesTouched[0]")
        .isEqualTo("README.md")
        .jsonPath("$.progress.at")
        .isEqualTo("2026-11-25T12:05:00Z");
  }

  @Test
  void theTranscriptOfATaskOr404() {
    mongo.dropCollection(TranscriptDocument.class).block();
    mongo
        .save(
            new Document("_id", "t-2")
                .append("attempt", 2)
                .append("lines", List.of("{\"type\":\"system\"}", "{\"type\":\"result\"}"))
                .append("linesDropped", 7)
                .append("recordedAt", Date.from(Instant.parse("2026-11-25T11:30:00Z"))),
            TranscriptDocument.COLLECTION)
        .block();

    client
        .get()
        .uri("/api/tasks/t-2/transcript")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.taskId")
        .isEqualTo("t-2")
        .jsonPath("$.attempt")
        .isEqualTo(2)
        .jsonPath("$.lines.length()")
        .isEqualTo(2)
        .jsonPath("$.lines[1]")
        .isEqualTo("{\"type\":\"result\"}")
        .jsonPath("$.linesDropped")
        .isEqualTo(7)
        .jsonPath("$.recordedAt")
        .isEqualTo("2026-11-25T11:30:00Z");
    client.get().uri("/api/tasks/t-1/transcript").exchange().expectStatus().isNotFound();
  }

  /** As the notifier stores a task. */
  private void save(String id, String repository, TaskStatus status, String createdAt) {
    mongo
        .save(
            new Document(TaskFields.ID, id)
                .append(TaskFields.REPOSITORY, repository)
                .append(TaskFields.STATUS, status.storedName())
                .append(TaskFields.CREATED_AT, Date.from(Instant.parse(createdAt))),
            TaskDocument.COLLECTION)
        .block();
  }
}
