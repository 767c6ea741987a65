package dev.kaka.ingress.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;

import dev.kaka.ingress.Operator;
import dev.kaka.ingress.trigger.Permission;
import dev.kaka.ingress.trigger.TriggerDecision;
import dev.kaka.ingress.trigger.TriggerDispatcher;
import dev.kaka.ingress.trigger.TriggerProperties;
import dev.kaka.ingress.trigger.TriggerRules;
import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.testkit.mongo.MongoStandIn;
import dev.kaka.testkit.webhook.WebhookPayload;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.kafka.KafkaException;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/**
 * Failures inside the service are answered without their details: no exception text (which here
 * names internal hosts and a secret), no class names, no stack trace.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"kaka.webhook.secrets=" + ErrorAnswersTest.SECRET, Operator.PROPERTY})
@AutoConfigureWebTestClient
class ErrorAnswersTest {

  static final String SECRET = "error-answers-test-secret";
  private static final String INTERNAL_HOST = "kafka-0.kaka-internal.svc.cluster.local";

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
    registry.add("spring.mongodb.uri", () -> MongoStandIn.shared().uri("ingress-error-test"));
  }

  @Autowired WebTestClient client;

  @MockitoBean TriggerRules rules;

  @MockitoBean TriggerDispatcher dispatcher;

  @Test
  void anUnexpectedFailureIsA500ThatSaysNothingAboutIt() {
    given(rules.evaluate(anyString(), anyString(), any()))
        .willThrow(
            new IllegalStateException("broken at " + INTERNAL_HOST + " with secret " + SECRET));

    String answer =
        deliver()
            .expectStatus()
            .is5xxServerError()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();

    assertNothingRevealed(answer);
    assertThat(answer).contains("could not be handled");
  }

  @Test
  void anUnreachableQueueIsA503ThatSaysNothingAboutIt() {
    WebhookPayload payload = WebhookPayload.issueLabeled().label("kaka");
    TriggerRules real =
        new TriggerRules(
            new TriggerProperties(
                "kaka",
                "/kaka",
                Set.of("OWNER"),
                "",
                Set.of(),
                Permission.WRITE,
                Set.of(),
                Duration.ofSeconds(60)),
            Clock.systemUTC());
    given(rules.evaluate(anyString(), anyString(), any()))
        .willReturn(real.evaluate("issues", "d", payload.json()));
    given(dispatcher.dispatch(any(TriggerDecision.class)))
        .willReturn(
            Mono.error(
                new KafkaException(
                    "Topic kaka.issue-triggered not present; bootstrap " + INTERNAL_HOST)));

    String answer =
        deliver()
            .expectStatus()
            .isEqualTo(503)
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();

    assertNothingRevealed(answer);
  }

  @Test
  void errorsOutsideTheWebhookCarryNoDetailsEither() {
    String answer =
        Operator.client(client)
            .get()
            .uri("/api/tasks?page=not-a-number")
            .exchange()
            .expectStatus()
            .isBadRequest()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();

    assertNothingRevealed(answer);
    assertThat(answer).doesNotContain("NumberFormatException").doesNotContain("not-a-number");
  }

  private WebTestClient.ResponseSpec deliver() {
    byte[] body = WebhookPayload.issueLabeled().label("kaka").bytes();
    return client
        .post()
        .uri("/webhooks/github")
        .contentType(MediaType.APPLICATION_JSON)
        .header("X-GitHub-Event", "issues")
        .header("X-GitHub-Delivery", UUID.randomUUID().toString())
        .header("X-Hub-Signature-256", WebhookPayload.signature(SECRET, body))
        .bodyValue(body)
        .exchange();
  }

  private static void assertNothingRevealed(String answer) {
    assertThat(answer)
        .doesNotContain(SECRET)
        .doesNotContain(INTERNAL_HOST)
        .doesNotContain("Exception")
        .doesNotContain("\tat ")
        .doesNotContain("trace")
        .doesNotContain("dev.kaka");
  }
}
