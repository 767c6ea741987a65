package dev.kaka.ingress.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.common.Topics;
import dev.kaka.ingress.SharedGitHub;
import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.testkit.kafka.TopicReader;
import dev.kaka.testkit.mongo.MongoStandIn;
import dev.kaka.testkit.webhook.WebhookPayload;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "kaka.webhook.secrets=" + WebhookEndpointTest.SECRET,
      "kaka.webhook.repository-secrets."
          + WebhookEndpointTest.SCOPED_OWNER
          + "="
          + WebhookEndpointTest.SCOPED_SECRET
    })
@AutoConfigureWebTestClient
class WebhookEndpointTest {

  static final String SECRET = "webhook-endpoint-test-secret";
  static final String SCOPED_OWNER = "scoped-org";
  static final String SCOPED_SECRET = "scoped-org-secret";
  private static final String JSON_TYPE = "application/json";
  private static final String FORM_TYPE = "application/x-www-form-urlencoded";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String NO_SIGNATURE = "(none)";

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
    registry.add("spring.mongodb.uri", () -> MongoStandIn.shared().uri("ingress-webhook-test"));
    SharedGitHub.register(registry);
  }

  @Autowired WebTestClient client;

  @LocalServerPort int port;

  private TopicReader triggered;

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
  void aTriggerIsAcceptedOnlyOnceTheRecordIsInKafka() {
    WebhookPayload payload = uniqueTrigger();

    JsonNode answer =
        post(payload, UUID.randomUUID().toString(), signed(payload.bytes()))
            .expectStatus()
            .isAccepted()
            .expectBody(JsonNode.class)
            .returnResult()
            .getResponseBody();

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
    WebhookPayload payload = uniqueTrigger();
    String delivery = UUID.randomUUID().toString();

    String first =
        taskIdOf(post(payload, delivery, signed(payload.bytes())).expectStatus().isAccepted());
    JsonNode second =
        post(payload, delivery, signed(payload.bytes()))
            .expectStatus()
            .isAccepted()
            .expectBody(JsonNode.class)
            .returnResult()
            .getResponseBody();

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

    post(payload, "i-1", signed(payload.bytes()))
        .expectStatus()
        .isAccepted()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("ignored")
        .jsonPath("$.message")
        .isEqualTo("label 'bug' is not the trigger label");
    assertThat(triggered.settle()).isEmpty();
  }

  /** One refused delivery: what is sent, with the signature computed unless given. */
  record Refusal(
      String event,
      String delivery,
      String contentType,
      byte[] body,
      String signature,
      Map<String, String> moreHeaders) {

    static Refusal of(byte[] body) {
      return new Refusal("issues", UUID.randomUUID().toString(), JSON_TYPE, body, null, Map.of());
    }

    Refusal event(String value) {
      return new Refusal(value, delivery, contentType, body, signature, moreHeaders);
    }

    Refusal delivery(String value) {
      return new Refusal(event, value, contentType, body, signature, moreHeaders);
    }

    Refusal contentType(String value) {
      return new Refusal(event, delivery, value, body, signature, moreHeaders);
    }

    Refusal signature(String value) {
      return new Refusal(event, delivery, contentType, body, value, moreHeaders);
    }

    Refusal header(String name, String value) {
      return new Refusal(event, delivery, contentType, body, signature, Map.of(name, value));
    }
  }

  static Stream<Arguments> refusals() {
    byte[] body = WebhookPayload.issueLabeled().label("kaka").bytes();
    byte[] form = IntakeFixture.form(body);
    return Stream.of(
        row("missing signature", 401, Refusal.of(body).signature(NO_SIGNATURE)),
        row(
            "wrong signature",
            401,
            Refusal.of(body).signature(WebhookPayload.signature("not the secret", body))),
        row(
            "only the SHA-1 signature",
            401,
            Refusal.of(body)
                .signature(NO_SIGNATURE)
                .header("X-Hub-Signature", "sha1=" + "0".repeat(40))),
        row(
            "signature of another body",
            401,
            Refusal.of(body).signature(signed("{}".getBytes(StandardCharsets.UTF_8)))),
        row(
            "signed with the global secret, about a repository with a secret of its own",
            401,
            Refusal.of(
                WebhookPayload.issueLabeled()
                    .label("kaka")
                    .repository(
                        SCOPED_OWNER,
                        "repo",
                        "https://github.com/" + SCOPED_OWNER + "/repo.git",
                        "main")
                    .bytes())),
        row(
            "form signed over its payload instead of the form",
            401,
            Refusal.of(form).contentType(FORM_TYPE).signature(signed(body))),
        row("malformed JSON", 400, Refusal.of("{\"action\":".getBytes(StandardCharsets.UTF_8))),
        row("JSON that is not an object", 400, Refusal.of("[1]".getBytes(StandardCharsets.UTF_8))),
        row(
            "a key given twice",
            400,
            Refusal.of(
                "{\"action\":\"labeled\",\"action\":\"labeled\"}"
                    .getBytes(StandardCharsets.UTF_8))),
        row(
            "form without a payload field",
            400,
            Refusal.of("other=1".getBytes(StandardCharsets.UTF_8)).contentType(FORM_TYPE)),
        row("missing event header", 400, Refusal.of(body).event(null)),
        row("missing delivery header", 400, Refusal.of(body).delivery(null)),
        row("event header that is not an event name", 400, Refusal.of(body).event("issues\"x")),
        row("delivery id with a line break", 400, Refusal.of(body).delivery("d\tforged log line")),
        row("delivery id longer than GitHub's", 400, Refusal.of(body).delivery("d".repeat(101))),
        row("text/plain", 415, Refusal.of(body).contentType("text/plain")),
        row("no content type", 415, Refusal.of(body).contentType(null)),
        row("multipart", 415, Refusal.of(body).contentType("multipart/form-data; boundary=x")),
        row(
            "unusable repository name",
            400,
            Refusal.of(edited(p -> ((ObjectNode) p.path("repository")).put("name", "-x")))),
        row(
            "clone URL on a host Kaka does not serve",
            400,
            Refusal.of(
                edited(
                    p ->
                        ((ObjectNode) p.path("repository"))
                            .put("clone_url", "https://evil.example/Codertocat/Hello-World.git")))),
        row(
            "clone URL with credentials",
            400,
            Refusal.of(
                edited(
                    p ->
                        ((ObjectNode) p.path("repository"))
                            .put(
                                "clone_url",
                                "https://x:y@github.com/Codertocat/Hello-World.git")))),
        row(
            "default branch that looks like an option",
            400,
            Refusal.of(
                edited(
                    p -> ((ObjectNode) p.path("repository")).put("default_branch", "--orphan")))),
        row("body over the limit (Content-Length)", 413, Refusal.of(new byte[26 * 1024 * 1024])));
  }

  private static Arguments row(String description, int status, Refusal refusal) {
    return Arguments.of(description, status, refusal);
  }

  private static byte[] edited(Consumer<ObjectNode> change) {
    WebhookPayload payload = WebhookPayload.issueLabeled().label("kaka");
    change.accept(payload.json());
    return payload.bytes();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refusesAndQueuesNothing(String description, int status, Refusal refusal) {
    var request = client.post().uri("/webhooks/github");
    if (refusal.contentType() != null) {
      request = request.header(HttpHeaders.CONTENT_TYPE, refusal.contentType());
    }
    if (refusal.event() != null) {
      request = request.header("X-GitHub-Event", refusal.event());
    }
    if (refusal.delivery() != null) {
      request = request.header("X-GitHub-Delivery", refusal.delivery());
    }
    if (!NO_SIGNATURE.equals(refusal.signature())) {
      request =
          request.header(
              "X-Hub-Signature-256",
              refusal.signature() != null ? refusal.signature() : signed(refusal.body()));
    }
    for (var header : refusal.moreHeaders().entrySet()) {
      request = request.header(header.getKey(), header.getValue());
    }

    String answer =
        request
            .bodyValue(refusal.body())
            .exchange()
            .expectStatus()
            .isEqualTo(status)
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(JSON.readTree(answer).path("status").asString()).isEqualTo("error");
    assertThat(answer).doesNotContain(SECRET).doesNotContain(SCOPED_SECRET);
    assertThat(triggered.settle()).isEmpty();
  }

  @Test
  void aFormEncodedDeliveryIsSignedOverTheFormAndQueuedLikeAJsonOne() {
    WebhookPayload payload = WebhookPayload.issueLabeled().label("kaka");
    byte[] form = IntakeFixture.form(payload.bytes());

    client
        .post()
        .uri("/webhooks/github")
        .header(HttpHeaders.CONTENT_TYPE, FORM_TYPE)
        .header("X-GitHub-Event", "issues")
        .header("X-GitHub-Delivery", UUID.randomUUID().toString())
        .header("X-Hub-Signature-256", signed(form))
        .bodyValue(form)
        .exchange()
        .expectStatus()
        .isAccepted()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("queued");
    assertThat(triggered.await(1)).hasSize(1);
  }

  @Test
  void anUnknownEventIsAcceptedAndIgnored() {
    byte[] body = "{\"action\":\"completed\"}".getBytes(StandardCharsets.UTF_8);

    client
        .post()
        .uri("/webhooks/github")
        .contentType(MediaType.APPLICATION_JSON)
        .header("X-GitHub-Event", "workflow_run")
        .header("X-GitHub-Delivery", UUID.randomUUID().toString())
        .header("X-Hub-Signature-256", signed(body))
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isAccepted()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("ignored");
    assertThat(triggered.settle()).isEmpty();
  }

  /**
   * A chunked body with no Content-Length that would go on for a gigabyte: the 413 must come while
   * it is still being sent, after little more than the limit, not after buffering it all.
   */
  @Test
  void aBodyThatNeverEndsIsRefusedWhileItStreams() throws Exception {
    long cap = 1024L * 1024 * 1024;
    AtomicLong sent = new AtomicLong();
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /webhooks/github HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  + "Content-Type: application/json\r\nX-GitHub-Event: issues\r\n"
                  + "X-GitHub-Delivery: endless\r\nX-Hub-Signature-256: sha256="
                  + "0".repeat(64)
                  + "\r\n"
                  + "Transfer-Encoding: chunked\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      Thread writer =
          new Thread(
              () -> {
                byte[] chunk = new byte[1024 * 1024];
                byte[] size =
                    (Integer.toHexString(chunk.length) + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
                try {
                  while (sent.get() < cap) {
                    out.write(size);
                    out.write(chunk);
                    out.write('\r');
                    out.write('\n');
                    sent.addAndGet(chunk.length);
                  }
                } catch (IOException closedByTheServer) {
                  // expected once the server has answered
                }
              },
              "endless-body");
      writer.start();

      String statusLine =
          new BufferedReader(
                  new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();
      long sentWhenAnswered = sent.get();
      socket.close();
      writer.join(30_000);

      assertThat(statusLine).startsWith("HTTP/1.1 413");
      assertThat(sentWhenAnswered)
          .as("bytes sent when the answer came")
          .isLessThan(64L * 1024 * 1024);
    }
    assertThat(triggered.settle()).isEmpty();
  }

  private WebTestClient.ResponseSpec post(
      WebhookPayload payload, String delivery, String signature) {
    return client
        .post()
        .uri("/webhooks/github")
        .contentType(MediaType.APPLICATION_JSON)
        .header("X-GitHub-Event", payload.event())
        .header("X-GitHub-Delivery", delivery)
        .header("X-Hub-Signature-256", signature)
        .bodyValue(payload.bytes())
        .exchange();
  }

  /**
   * The {@code kaka} label on an issue whose title no other test uses: the body of an accepted
   * delivery is not accepted again under another delivery id.
   */
  static WebhookPayload uniqueTrigger() {
    return WebhookPayload.issueLabeled()
        .label("kaka")
        .issue(1, "Fix the build " + UUID.randomUUID(), "It fails.");
  }

  private static String taskIdOf(WebTestClient.ResponseSpec response) {
    return response
        .expectBody(JsonNode.class)
        .returnResult()
        .getResponseBody()
        .path("taskId")
        .asString();
  }

  private static String signed(byte[] body) {
    return WebhookPayload.signature(SECRET, body);
  }
}
