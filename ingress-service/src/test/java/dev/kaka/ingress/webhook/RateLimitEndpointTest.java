package dev.kaka.ingress.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.common.Topics;
import dev.kaka.ingress.SharedGitHub;
import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.testkit.kafka.TopicReader;
import dev.kaka.testkit.mongo.MongoStandIn;
import dev.kaka.testkit.webhook.WebhookPayload;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.node.ObjectNode;

@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "kaka.webhook.secrets=" + RateLimitEndpointTest.SECRET,
      "kaka.webhook.rate-limit.per-sender.limit=2",
      "kaka.webhook.rate-limit.per-sender.period=1h"
    })
@AutoConfigureWebTestClient
class RateLimitEndpointTest {

  static final String SECRET = "rate-limit-test-secret";
  private static final String FLOODER = "flooder";

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
    registry.add("spring.mongodb.uri", () -> MongoStandIn.shared().uri("ingress-rate-limit-test"));
    SharedGitHub.register(registry);
    SharedGitHub.grant(FLOODER, "write");
  }

  @Autowired WebTestClient client;

  @Test
  void aSenderOverTheLimitGets429WithRetryAfterStartsNothingAndIsToldWhy() {
    try (TopicReader triggered =
        TopicReader.fromEnd(KafkaBroker.shared().bootstrapServers(), Topics.ISSUE_TRIGGERED)) {
      String firstDelivery = UUID.randomUUID().toString();
      deliver(issue(1), firstDelivery).expectStatus().isAccepted();
      deliver(issue(2), UUID.randomUUID().toString()).expectStatus().isAccepted();
      assertThat(triggered.await(2)).hasSize(2);

      deliver(issue(3), UUID.randomUUID().toString())
          .expectStatus()
          .isEqualTo(429)
          .expectHeader()
          .value(
              HttpHeaders.RETRY_AFTER,
              seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 3600L))
          .expectBody()
          .jsonPath("$.status")
          .isEqualTo("rate-limited")
          .jsonPath("$.message")
          .value(message -> assertThat((String) message).contains("@flooder").contains("2 per 1h"));
      deliver(issue(1), firstDelivery)
          .expectStatus()
          .isAccepted()
          .expectBody()
          .jsonPath("$.status")
          .isEqualTo("duplicate");

      var published = triggered.settle();
      assertThat(published)
          .as("the first two tasks, and one request to tell the sender why")
          .hasSize(3);
      assertThat(published.get(2).value())
          .contains("\"type\":\"TriggerRefused\"")
          .contains("\"requester\":\"flooder\"")
          .contains("limit is reached");
    }
    client
        .get()
        .uri("/actuator/prometheus")
        .exchange()
        .expectBody(String.class)
        .value(
            metrics ->
                assertThat(metrics)
                    .contains(
                        "kaka_triggers_rate_limited_total{application=\"kaka-ingress\",limit=\"sender\"} 1.0"));
  }

  private static WebhookPayload issue(int number) {
    WebhookPayload payload =
        WebhookPayload.issueLabeled()
            .label("kaka")
            .issue(number, "Issue " + number, "Body " + number);
    ((ObjectNode) payload.json().path("sender")).put("login", FLOODER);
    return payload;
  }

  private WebTestClient.ResponseSpec deliver(WebhookPayload payload, String delivery) {
    byte[] body = payload.bytes();
    return client
        .post()
        .uri("/webhooks/github")
        .contentType(MediaType.APPLICATION_JSON)
        .header("X-GitHub-Event", payload.event())
        .header("X-GitHub-Delivery", delivery)
        .header("X-Hub-Signature-256", WebhookPayload.signature(SECRET, body))
        .bodyValue(body)
        .exchange();
  }
}
