package dev.kaka.ingress.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.ingress.SharedGitHub;
import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.testkit.mongo.MongoStandIn;
import dev.kaka.testkit.webhook.WebhookPayload;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * MongoDB down: deliveries are accepted without the replay check (losing a request is worse than a
 * replay window), and each one is counted in {@code kaka.webhooks.replay.unchecked}.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "kaka.webhook.secrets=" + ReplayStoreOutageTest.SECRET)
@AutoConfigureWebTestClient
class ReplayStoreOutageTest {

  static final String SECRET = "replay-store-outage-test";
  // a stand-in of its own: stopping the shared one would take it from every other test
  private static final MongoStandIn MONGO = MongoStandIn.inMemory();

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
    registry.add("spring.mongodb.uri", () -> MONGO.uri("ingress-replay-outage-test"));
    SharedGitHub.register(registry);
  }

  @Autowired WebTestClient client;

  @Autowired MeterRegistry meters;

  @AfterAll
  static void stopMongo() {
    MONGO.close();
  }

  @Test
  void deliveriesAreAcceptedUncheckedAndCountedWhileMongoIsDown() {
    MONGO.stop();
    byte[] body = WebhookEndpointTest.uniqueTrigger().bytes();
    double before = meters.counter("kaka.webhooks.replay.unchecked").count();

    client
        .mutate()
        .responseTimeout(Duration.ofSeconds(20))
        .build()
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

    assertThat(meters.counter("kaka.webhooks.replay.unchecked").count()).isEqualTo(before + 1);
  }
}
