package dev.kaka.ingress.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.testkit.mongo.MongoStandIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
      "kaka.webhook.secrets=settings-webhook-secret-value",
      "kaka.api.token=settings-api-token-value"
    })
@AutoConfigureWebTestClient
class SettingsApiTest {

  static final String BEARER = "Bearer settings-api-token-value";

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
    registry.add("spring.mongodb.uri", () -> MongoStandIn.shared().uri("ingress-settings-test"));
  }

  @Autowired WebTestClient client;

  @Test
  void settingsAndTheOverviewNeedCredentials() {
    client.get().uri("/api/settings").exchange().expectStatus().isUnauthorized();
    client.get().uri("/api/settings/check").exchange().expectStatus().isUnauthorized();
    client.get().uri("/api/overview").exchange().expectStatus().isUnauthorized();
    client
        .get()
        .uri("/api/overview")
        .header(HttpHeaders.AUTHORIZATION, BEARER)
        .exchange()
        .expectStatus()
        .isOk();
  }

  @Test
  void showsTheEffectiveSettingsWithSecretsMasked() {
    String body =
        client
            .get()
            .uri("/api/settings")
            .header(HttpHeaders.AUTHORIZATION, BEARER)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(body)
        .doesNotContain("settings-webhook-secret-value", "settings-api-token-value")
        .contains(
            "\"kaka.trigger\"",
            "\"label\":\"kaka\"",
            "\"kaka.api\"",
            "\"token\":\"****\"",
            "\"password\":\"(not set)\"",
            "\"secrets\":\"****\"",
            KafkaBroker.shared().bootstrapServers());
  }

  @Test
  void checksTheSetUp() {
    client
        .get()
        .uri("/api/settings/check")
        .header(HttpHeaders.AUTHORIZATION, BEARER)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[?(@.name=='MongoDB')].ok")
        .isEqualTo(java.util.List.of(true))
        .jsonPath("$[?(@.name=='Kafka')].ok")
        .isEqualTo(java.util.List.of(true))
        .jsonPath("$[?(@.name=='Webhook secret')].ok")
        .isEqualTo(java.util.List.of(true))
        .jsonPath("$[?(@.name=='Dashboard credentials')].ok")
        .isEqualTo(java.util.List.of(true))
        // no token here: repositories' .github/kaka.yml are not read, and the check says so
        .jsonPath("$[?(@.name=='GitHub credentials')].ok")
        .isEqualTo(java.util.List.of(false))
        .jsonPath("$[?(@.name=='GitHub credentials')].detail")
        .value(detail -> assertThat(detail.toString()).contains("kaka.yml are not read"));
  }

  @Test
  void theWorkersCheckSaysWhetherAnyWorkerTakesTasks() {
    assertThat(workersCheck()).contains("\"ok\":false", "agent sandbox cannot start");

    try (var worker =
        new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(
            java.util.Map.of(
                "bootstrap.servers",
                KafkaBroker.shared().bootstrapServers(),
                "group.id",
                SetupChecks.WORKER_GROUP),
            new org.apache.kafka.common.serialization.StringDeserializer(),
            new org.apache.kafka.common.serialization.StringDeserializer())) {
      worker.subscribe(java.util.List.of("kaka.setup-check-test"));
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                worker.poll(java.time.Duration.ofMillis(200));
                assertThat(workersCheck()).contains("\"ok\":true", "1 worker consumer(s)");
              });
    }
  }

  private String workersCheck() {
    return client
        .get()
        .uri("/api/settings/check")
        .header(HttpHeaders.AUTHORIZATION, BEARER)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .returnResult()
        .getResponseBody()
        .replaceAll(".*(\\{[^{}]*\"name\":\"Workers\"[^{}]*}).*", "$1");
  }

  @ParameterizedTest
  @CsvSource({
    "mongodb://kaka:hunter2@db:27017/kaka, mongodb://***@db:27017/kaka",
    "prefix ghp_0123456789abcdefghijABCDEFGHIJ, prefix ***"
  })
  void masksWhatLooksLikeASecretInOtherValues(String value, String masked) {
    var shown =
        EffectiveSettings.masked(
            "uri", tools.jackson.databind.node.JsonNodeFactory.instance.stringNode(value));
    assertThat(shown.asString()).isEqualTo(masked);
  }
}
