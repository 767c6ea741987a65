package dev.kaka.ingress.security;

import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.testkit.mongo.MongoStandIn;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "kaka.webhook.secrets=private-read-test",
      "kaka.api.public-read=false",
      "kaka.api.token=right-token"
    })
@AutoConfigureWebTestClient
class PrivateReadApiTest {

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
    registry.add("spring.mongodb.uri", () -> MongoStandIn.shared().uri("ingress-private-test"));
  }

  @Autowired WebTestClient client;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/tasks",
        "/api/tasks/t-1",
        "/api/tasks/t-1/transcript",
        "/api/tasks/00000000-0000-0000-0000-000000000001/audit",
        "/api/budgets"
      })
  void readingNeedsCredentials(String path) {
    client.get().uri(path).exchange().expectStatus().isUnauthorized();
    client
        .get()
        .uri(path)
        .header(HttpHeaders.AUTHORIZATION, "Bearer wrong")
        .exchange()
        .expectStatus()
        .isUnauthorized();
    client
        .get()
        .uri(path)
        .header(HttpHeaders.AUTHORIZATION, "Bearer right-token")
        .exchange()
        .expectStatus()
        .value(status -> org.assertj.core.api.Assertions.assertThat(status).isIn(200, 404));
  }
}
