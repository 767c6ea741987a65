package dev.kaka.ingress.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.common.Topics;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.ingress.Operator;
import dev.kaka.taskstore.TaskDocument;
import dev.kaka.taskstore.TaskFields;
import dev.kaka.taskstore.TaskStatus;
import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.testkit.kafka.TopicReader;
import dev.kaka.testkit.mongo.MongoStandIn;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"kaka.webhook.secrets=task-command-test", Operator.PROPERTY})
@AutoConfigureWebTestClient
class TaskCommandControllerTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
    registry.add("spring.mongodb.uri", () -> MongoStandIn.shared().uri("ingress-command-test"));
  }

  @Autowired WebTestClient client;

  @Autowired ReactiveMongoTemplate mongo;

  @Test
  void aRetryIsATriggerOfNowWhateverTheAgeOfTheFirstOne() {
    String id = "t-retry-" + UUID.randomUUID();
    saveFailed(id, Instant.now().minus(Duration.ofDays(3)));
    try (TopicReader triggers =
        TopicReader.fromEnd(KafkaBroker.shared().bootstrapServers(), Topics.ISSUE_TRIGGERED)) {
      Instant asked = Instant.now();

      Operator.client(client)
          .post()
          .uri("/api/tasks/{id}/retry", id)
          .exchange()
          .expectStatus()
          .isAccepted();

      IssueTriggered retry =
          triggers.await(1).stream()
              .map(record -> JSON.readValue(record.value(), TaskEvent.class))
              .filter(event -> event.taskId().equals(id))
              .map(IssueTriggered.class::cast)
              .findFirst()
              .orElseThrow();
      assertThat(retry.attempt()).isEqualTo(2);
      assertThat(retry.occurredAt()).isBetween(asked, Instant.now());
    }
  }

  /** A failed first attempt, as the notifier stores it. */
  private void saveFailed(String id, Instant triggeredAt) {
    mongo
        .save(
            new Document(TaskFields.ID, id)
                .append(TaskFields.DELIVERY_ID, "d-" + id)
                .append(TaskFields.REPOSITORY, "octo/hello")
                .append(TaskFields.ISSUE_NUMBER, 7)
                .append(TaskFields.ISSUE_TITLE, "Fix typo")
                .append(TaskFields.ISSUE_URL, "https://github.com/octo/hello/issues/7")
                .append(TaskFields.STATUS, TaskStatus.FAILED.storedName())
                .append(TaskFields.ATTEMPT, 1)
                .append(
                    TaskFields.SOURCE,
                    new Document("owner", "octo")
                        .append("name", "hello")
                        .append("cloneUrl", "https://github.com/octo/hello.git")
                        .append("defaultBranch", "main")
                        .append("issueBody", "The README says teh."))
                .append(TaskFields.CREATED_AT, Date.from(triggeredAt)),
            TaskDocument.COLLECTION)
        .block();
  }
}
