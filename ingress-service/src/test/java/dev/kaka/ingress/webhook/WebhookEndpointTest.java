package dev.kaka.ingress.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.common.Topics;
import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.testkit.kafka.TopicReader;
import dev.kaka.testkit.mongo.MongoStandIn;
import dev.kaka.testkit.webhook.WebhookPayload;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "kaka.webhook.secrets=" + WebhookEndpointTest.SECRET)
@AutoConfigureWebTestClient
class WebhookEndpointTest {

  static final String SECRET = "webhook-endpoint-test-secret";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String NO_SIGNATURE = "(none)";

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
    registry.add("spring.mongodb.uri", () -> MongoStandIn.shared().uri("ingress-webhook-test"));
  }

  @Autowired
  WebTestClient client;

  private TopicReader triggered;

  @BeforeEach
  void readTriggeredTopic() {
    triggered = TopicReader.fromEnd(KafkaBroker.shared().bootstrapServers(), Topics.ISSUE_TRIGGERED);
  }

  @AfterEach
  void closeReader() {
    triggered.close();
  }

  @Test
  void aTriggerIsAcceptedOnlyOnceTheRecordIsInKafka() {
    WebhookPayload payload = WebhookPayload.issueLabeled().label("kaka");

    JsonNode answer = post(payload, UUID.randomUUID().toString(), signed(payload.bytes()))
        .expectStatus().isAccepted()
        .expectBody(JsonNode.class).returnResult().getResponseBody();

    assertThat(answer.path("status").asString()).isEqualTo("queued");
    String taskId = answer.path("taskId").asString();
    triggered.await(1);
    var records = triggered.settle();
    assertThat(records).hasSize(1);
    assertThat(records.get(0).key()).isEqualTo("Codertocat/Hello-World#1");
    JsonNode event = JSON.readTree(records.get(0).value());
    assertThat(event.path("type").asString()).isEqualTo("IssueTriggered");
    assertThat(event.path("taskId").asString()).isEqualTo(taskId);
  }

  @Test
  void theSameDeliveryTwiceQueuesOneTask() {
    WebhookPayload payload = WebhookPayload.issueLabeled().label("kaka");
    String delivery = UUID.randomUUID().toString();

    String first = taskIdOf(post(payload, delivery, signed(payload.bytes())).expectStatus().isAccepted());
    JsonNode second = post(payload, delivery, signed(payload.bytes())).expectStatus().isAccepted()
        .expectBody(JsonNode.class).returnResult().getResponseBody();

    assertThat(second.path("taskId").asString()).isEqualTo(first);
    assertThat(second.path("status").asString()).isEqualTo("duplicate");
    triggered.await(1);
    assertThat(triggered.settle()).hasSize(1);
  }

  @Test
  void pingIsAnswered() {
    WebhookPayload ping = WebhookPayload.ping();

    post(ping, "p-1", signed(ping.bytes())).expectStatus().isOk();
  }

  @Test
  void anEventThatIsNotATriggerIsAcceptedWithItsReasonAndQueuesNothing() {
    WebhookPayload payload = WebhookPayload.issueLabeled().label("bug");

    post(payload, "i-1", signed(payload.bytes())).expectStatus().isAccepted()
        .expectBody().jsonPath("$.status").isEqualTo("ignored")
        .jsonPath("$.message").isEqualTo("label 'bug' is not the trigger label");
    assertThat(triggered.settle()).isEmpty();
  }

  static Stream<Arguments> refusals() {
    byte[] body = WebhookPayload.issueLabeled().label("kaka").bytes();
    return Stream.of(
        Arguments.of("missing signature", "issues", "d", body, NO_SIGNATURE, 401),
        Arguments.of("wrong signature", "issues", "d", body,
            WebhookPayload.signature("not the secret", body), 401),
        Arguments.of("malformed JSON", "issues", "d", "{\"action\":".getBytes(StandardCharsets.UTF_8),
            null, 400),
        Arguments.of("JSON that is not an object", "issues", "d", "[1]".getBytes(StandardCharsets.UTF_8),
            null, 400),
        Arguments.of("missing event header", null, "d", body, null, 400),
        Arguments.of("missing delivery header", "issues", null, body, null, 400),
        Arguments.of("body over the limit", "issues", "d", new byte[26 * 1024 * 1024], null, 413));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refusesAndQueuesNothing(String description, String event, String delivery, byte[] body,
      String signature, int status) {
    var request = client.post().uri("/webhooks/github").contentType(MediaType.APPLICATION_JSON);
    if (event != null) {
      request = request.header("X-GitHub-Event", event);
    }
    if (delivery != null) {
      request = request.header("X-GitHub-Delivery", delivery);
    }
    if (!NO_SIGNATURE.equals(signature)) {
      request = request.header("X-Hub-Signature-256", signature != null ? signature : signed(body));
    }

    request.bodyValue(body).exchange().expectStatus().isEqualTo(status)
        .expectBody().jsonPath("$.status").isEqualTo("error");
    assertThat(triggered.settle()).isEmpty();
  }

  private WebTestClient.ResponseSpec post(WebhookPayload payload, String delivery, String signature) {
    return client.post().uri("/webhooks/github")
        .contentType(MediaType.APPLICATION_JSON)
        .header("X-GitHub-Event", payload.event())
        .header("X-GitHub-Delivery", delivery)
        .header("X-Hub-Signature-256", signature)
        .bodyValue(payload.bytes())
        .exchange();
  }

  private static String taskIdOf(WebTestClient.ResponseSpec response) {
    return response.expectBody(JsonNode.class).returnResult().getResponseBody().path("taskId").asString();
  }

  private static String signed(byte[] body) {
    return WebhookPayload.signature(SECRET, body);
  }
}
