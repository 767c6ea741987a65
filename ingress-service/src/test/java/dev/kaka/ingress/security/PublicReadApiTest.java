package dev.kaka.ingress.security;

import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.testkit.mongo.MongoStandIn;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A public read API still keeps transcripts and audits, which hold the repository's code, private.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "kaka.webhook.secrets=public-read-test",
      "kaka.api.public-read=true",
      "kaka.api.token=right-token"
    })
@AutoConfigureWebTestClient(timeout = "30s")
class PublicReadApiTest {

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
    registry.add("spring.mongodb.uri", () -> MongoStandIn.shared().uri("ingress-public-test"));
  }

  @Autowired WebTestClient client;

  @Test
  void tasksAnswerWithoutCredentialsButTranscriptsAndAuditsNeverDo() {
    client.get().uri("/api/tasks").exchange().expectStatus().isOk();
    client.get().uri("/api/tasks/t-1").exchange().expectStatus().isNotFound();

    client.get().uri("/api/tasks/t-1/transcript").exchange().expectStatus().isUnauthorized();
    client
        .get()
        .uri("/api/tasks/t-1/transcript")
        .header(HttpHeaders.AUTHORIZATION, "Bearer right-token")
        .exchange()
        .expectStatus()
        .isNotFound();
    client
        .get()
        .uri("/api/tasks/00000000-0000-0000-0000-000000000001/audit")
        .exchange()
        .expectStatus()
        .isUnauthorized();
    client.get().uri("/api/budgets").exchange().expectStatus().isUnauthorized();
  }
}
