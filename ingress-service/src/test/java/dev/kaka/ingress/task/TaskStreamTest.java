package dev.kaka.ingress.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kaka.ingress.Operator;
import dev.kaka.taskstore.TaskDocument;
import dev.kaka.taskstore.TaskFields;
import dev.kaka.taskstore.TaskStatus;
import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.testkit.mongo.MongoStandIn;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;

@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"kaka.webhook.secrets=task-stream-test", Operator.PROPERTY})
@AutoConfigureWebTestClient
class TaskStreamTest {

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
    registry.add("spring.mongodb.uri", () -> MongoStandIn.shared().uri("ingress-stream-test"));
  }

  @Autowired WebTestClient client;

  @BeforeEach
  void asOperator() {
    client = Operator.client(client);
  }

  @Autowired ReactiveMongoTemplate mongo;

  @Test
  void everyChangeOfATaskIsSentOnceAsItHappens() {
    List<String> seen = new CopyOnWriteArrayList<>();
    Disposable subscription =
        client
            .mutate()
            .responseTimeout(Duration.ofMinutes(1))
            .build()
            .get()
            .uri("/api/tasks/stream")
            .accept(MediaType.TEXT_EVENT_STREAM)
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(new ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>>() {})
            .getResponseBody()
            .filter(event -> "task".equals(event.event()) && event.data() != null)
            .filter(event -> "live-1".equals(event.data().get("id")))
            .subscribe(event -> seen.add(event.id() + ":" + event.data().get("status")));
    try {
      mongo
          .save(
              new Document(TaskFields.ID, "live-1")
                  .append(TaskFields.REPOSITORY, "octo/live")
                  .append(TaskFields.STATUS, TaskStatus.QUEUED.storedName())
                  .append(TaskFields.ATTEMPT, 1)
                  .append(TaskFields.CREATED_AT, new Date())
                  .append(TaskFields.UPDATED_AT, new Date()),
              TaskDocument.COLLECTION)
          .block();
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("live-1:queued"));

      mongo
          .updateFirst(
              Query.query(Criteria.where(TaskFields.ID).is("live-1")),
              Update.update(TaskFields.STATUS, TaskStatus.RUNNING)
                  .set(TaskFields.UPDATED_AT, Instant.now()),
              TaskDocument.class)
          .block();
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("live-1:running"));

      // unchanged tasks are not sent again on the following polls
      await().pollDelay(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5)).until(() -> true);
      assertThat(seen).containsExactly("live-1:queued", "live-1:running");
    } finally {
      subscription.dispose();
    }
  }
}
