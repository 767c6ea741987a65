package dev.kaka.ingress.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.common.Topics;
import dev.kaka.ingress.IngressApplication;
import dev.kaka.ingress.SharedGitHub;
import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.testkit.kafka.TopicReader;
import dev.kaka.testkit.mongo.MongoStandIn;
import dev.kaka.testkit.webhook.WebhookPayload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * A captured delivery replayed under new delivery ids (which GitHub does not sign) starts one task,
 * across two ingress replicas sharing one MongoDB, even when the copies arrive at once.
 */
class WebhookReplayTest {

  private static final String SECRET = "webhook-replay-test-secret";
  private static final String DATABASE = "ingress-replay-test";

  private static final List<ConfigurableApplicationContext> REPLICAS = new ArrayList<>();
  private static final List<WebTestClient> CLIENTS = new ArrayList<>();

  private TopicReader triggered;

  /**
   * Left running until the JVM ends, as the test framework leaves its own contexts: closing one
   * would dispose Reactor Netty's shared event loops, which the other servers in this JVM use.
   */
  @BeforeAll
  static void startTwoReplicas() {
    for (int i = 0; i < 2; i++) {
      ConfigurableApplicationContext replica = start(MongoStandIn.shared());
      REPLICAS.add(replica);
      int port = ((WebServerApplicationContext) replica).getWebServer().getPort();
      CLIENTS.add(
          WebTestClient.bindToServer()
              .baseUrl("http://127.0.0.1:" + port)
              .responseTimeout(Duration.ofSeconds(20))
              .build());
    }
  }

  @BeforeEach
  void readTriggeredTopic() {
    triggered =
        TopicReader.fromEnd(KafkaBroker.shared().bootstrapServers(), Topics.ISSUE_TRIGGERED);
  }

  @AfterEach
  void closeReader() {
    triggered.close();
  }

  @Test
  void theSameBodyUnderFiveDeliveryIdsOnTwoReplicasStartsOneTask() {
    byte[] body = WebhookEndpointTest.uniqueTrigger().bytes();

    List<JsonNode> answers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      answers.add(deliver(CLIENTS.get(i % 2), body, UUID.randomUUID().toString()));
    }

    assertThat(answers)
        .extracting(answer -> answer.path("status").asString())
        .containsExactly("queued", "duplicate", "duplicate", "duplicate", "duplicate");
    String taskId = answers.get(0).path("taskId").asString();
    assertThat(answers)
        .allSatisfy(answer -> assertThat(answer.path("taskId").asString()).isEqualTo(taskId));
    assertThat(triggered.await(1)).hasSize(1);
    assertThat(triggered.settle()).hasSize(1);
  }

  @Test
  void copiesArrivingAtOnceAtBothReplicasStartOneTask() {
    byte[] body = WebhookEndpointTest.uniqueTrigger().bytes();

    List<CompletableFuture<JsonNode>> sent = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      WebTestClient client = CLIENTS.get(i % 2);
      sent.add(
          CompletableFuture.supplyAsync(() -> deliver(client, body, UUID.randomUUID().toString())));
    }
    List<String> statuses =
        sent.stream()
            .map(CompletableFuture::join)
            .map(answer -> answer.path("status").asString())
            .toList();

    assertThat(statuses).containsOnlyOnce("queued").containsOnly("queued", "duplicate");
    assertThat(triggered.await(1)).hasSize(1);
    assertThat(triggered.settle()).hasSize(1);
  }

  @Test
  void aBodyAcceptedLongerAgoThanTheWindowIsAcceptedAgain() {
    byte[] body = WebhookEndpointTest.uniqueTrigger().bytes();
    // the stand-in has no TTL index: the expiry is checked when the body is looked up
    mongo()
        .insert(
            new Document("_id", AcceptedBodies.hashOf(body))
                .append("deliveryId", "old")
                .append("taskId", "old-task")
                .append("acceptedAt", Date.from(Instant.now().minus(Duration.ofHours(25)))),
            AcceptedBodies.COLLECTION)
        .block();

    JsonNode answer = deliver(CLIENTS.get(0), body, UUID.randomUUID().toString());

    assertThat(answer.path("status").asString()).isEqualTo("queued");
    assertThat(triggered.await(1)).hasSize(1);
  }

  @Test
  void aDeliveryThatWasNotAcceptedCanBeSentAgain() {
    // a task for an issue Kaka ignores is not accepted, so it does not hold its body
    byte[] ignored =
        WebhookPayload.issueLabeled()
            .label("bug")
            .issue(1, "Not for Kaka " + UUID.randomUUID(), "")
            .bytes();

    for (int i = 0; i < 2; i++) {
      JsonNode answer = deliver(CLIENTS.get(i), ignored, UUID.randomUUID().toString());
      assertThat(answer.path("status").asString()).isEqualTo("ignored");
    }
  }

  /** An ingress of its own, as a replica runs: arguments win over the application.yml. */
  private static ConfigurableApplicationContext start(MongoStandIn mongo) {
    return new SpringApplicationBuilder(IngressApplication.class)
        .run(
            "--server.port=0",
            "--kaka.webhook.secrets=" + SECRET,
            "--spring.kafka.bootstrap-servers=" + KafkaBroker.shared().bootstrapServers(),
            "--spring.mongodb.uri=" + mongo.uri(DATABASE),
            "--kaka.github.api-url=" + SharedGitHub.get().apiUrl(),
            "--kaka.github.token=" + SharedGitHub.TOKEN,
            "--kaka.webhook.allowed-clone-urls=https://github.com/");
  }

  private static ReactiveMongoTemplate mongo() {
    return REPLICAS.get(0).getBean(ReactiveMongoTemplate.class);
  }

  private static JsonNode deliver(WebTestClient client, byte[] body, String delivery) {
    return client
        .post()
        .uri("/webhooks/github")
        .contentType(MediaType.APPLICATION_JSON)
        .header("X-GitHub-Event", "issues")
        .header("X-GitHub-Delivery", delivery)
        .header("X-Hub-Signature-256", WebhookPayload.signature(SECRET, body))
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isAccepted()
        .expectBody(JsonNode.class)
        .returnResult()
        .getResponseBody();
  }
}
