package dev.kaka.ingress.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.testkit.mongo.MongoStandIn;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * With a management port, as compose and Kubernetes configure it, probes and metrics are served
 * there only: the public port answers the webhook, the API and the dashboard.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"kaka.webhook.secrets=management-port-test", "management.server.port=0"})
class ManagementPortTest {

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
    registry.add("spring.mongodb.uri", () -> MongoStandIn.shared().uri("ingress-management-test"));
  }

  @LocalServerPort int port;

  @LocalManagementPort int managementPort;

  @Test
  void probesAndMetricsAreOnTheManagementPortOnly() {
    WebTestClient publicPort = client(port);
    WebTestClient management = client(managementPort);

    assertThat(managementPort).isNotEqualTo(port);
    management.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
    management.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
    for (String path : new String[] {"/actuator/health/liveness", "/actuator/prometheus"}) {
      publicPort
          .get()
          .uri(path)
          .exchange()
          .expectStatus()
          .value(status -> assertThat(status).as(path).isIn(401, 404));
    }
    publicPort.get().uri("/").exchange().expectStatus().isOk();
  }

  private static WebTestClient client(int port) {
    return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
  }
}
