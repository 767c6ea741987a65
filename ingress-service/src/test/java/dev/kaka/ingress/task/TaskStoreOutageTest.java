package dev.kaka.ingress.task;

import dev.kaka.ingress.Operator;
import dev.kaka.ingress.SharedGitHub;
import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.testkit.mongo.MongoStandIn;
import dev.kaka.testkit.webhook.WebhookPayload;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * MongoDB down: the task API says so with 503 (not 500) within {@code kaka.task-store.timeout},
 * webhooks are still accepted, and the API answers again once MongoDB is back.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"kaka.webhook.secrets=" + TaskStoreOutageTest.SECRET, Operator.PROPERTY})
@AutoConfigureWebTestClient
class TaskStoreOutageTest {

  static final String SECRET = "task-store-outage-test";
  // a stand-in of its own: stopping the shared one would take it from every other test
  private static final MongoStandIn MONGO = MongoStandIn.inMemory();

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
    registry.add("spring.mongodb.uri", () -> MONGO.uri("ingress-outage-test"));
    SharedGitHub.register(registry);
  }

  @Autowired WebTestClient client;

  @BeforeEach
  void asOperator() {
    client = Operator.client(client);
  }

  @AfterEach
  void mongoBack() {
    MONGO.restart();
  }

  @AfterAll
  static void stopMongo() {
    MONGO.close();
  }

  @Test
  void theTaskApiAnswers503WhileMongoIsDownAndRecoversByItself() {
    MONGO.stop();

    for (String path : new String[] {"/api/tasks", "/api/tasks/t-1", "/api/tasks/t-1/transcript"}) {
      client
          .get()
          .uri(path)
          .exchange()
          .expectStatus()
          .isEqualTo(503)
          .expectBody()
          .jsonPath("$.status")
          .isEqualTo(503);
    }
    MONGO.restart();

    client.get().uri("/api/tasks").exchange().expectStatus().isOk();
  }

  @Test
  void webhooksAreAcceptedWhileMongoIsDown() {
    MONGO.stop();
    byte[] body = WebhookPayload.issueLabeled().label("kaka").bytes();

    client
        .post()
        .uri("/webhooks/github")
        .contentType(MediaType.APPLICATION_JSON)
        .header("X-GitHub-Event", "issues")
        .header("X-GitHub-Delivery", UUID.randomUUID().toString())
        .header("X-Hub-Signature-256", WebhookPayload.signature(SECRET, body))
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isAccepted()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("queued");
  }
}
