package dev.kaka.ingress.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.common.Topics;
import dev.kaka.ingress.SharedGitHub;
import dev.kaka.testkit.github.FakeGitHub;
import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.testkit.kafka.TopicReader;
import dev.kaka.testkit.mongo.MongoStandIn;
import dev.kaka.testkit.webhook.WebhookPayload;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Who may start Kaka, over HTTP: GitHub, here the shared fake, says what each requester may do on
 * the repository, and only write access or more starts a task.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "kaka.webhook.secrets=" + TriggerTrustEndpointTest.SECRET,
      "kaka.trigger.allowed-bots=" + TriggerTrustEndpointTest.LISTED_BOT
    })
@AutoConfigureWebTestClient
class TriggerTrustEndpointTest {

  static final String SECRET = "trigger-trust-test-secret";
  static final String LISTED_BOT = "helper[bot]";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String OWNER = SharedGitHub.OWNER;
  private static final String NAME = SharedGitHub.NAME;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
    registry.add("spring.mongodb.uri", () -> MongoStandIn.shared().uri("ingress-trust-test"));
    SharedGitHub.register(registry);
  }

  @Autowired WebTestClient client;

  private final FakeGitHub github = SharedGitHub.get();
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

  @ParameterizedTest
  @ValueSource(strings = {"write", "maintain", "admin"})
  void whoeverMayWriteStartsATask(String permission) {
    String user = "can-" + permission;
    SharedGitHub.grant(user, permission);

    assertThat(status(deliver("issue_comment", command(user, "MEMBER")))).isEqualTo("queued");
    assertThat(status(deliver("issues", label(user)))).isEqualTo("queued");
    assertThat(types(triggered.await(2))).containsOnly("IssueTriggered");
  }

  @Test
  void anOrganisationMemberWithReadAccessIsRefusedWithTheReason() {
    SharedGitHub.grant("reader", "read");

    JsonNode answer = deliver("issue_comment", command("reader", "MEMBER"));

    assertRefused(answer, "reader", "@reader has read access");
  }

  @Test
  void aTriagerWhoAddsTheLabelIsRefused() {
    SharedGitHub.grant("triager", "triage");

    assertRefused(deliver("issues", label("triager")), "triager", "@triager has triage access");
  }

  @Test
  void theLabelAnIssueTemplateAddsForAStrangerStartsNothing() {
    // an issue template labels as the person who opened the issue, here one without access
    assertRefused(deliver("issues", label("stranger")), "stranger", "@stranger has no access");
  }

  @Test
  void aBotsCommandIsRefusedWithoutAskingGitHub() {
    int before = github.permissionCalls(OWNER, NAME);
    WebhookPayload comment = command("ci-helper[bot]", "NONE");
    ((ObjectNode) comment.json().path("comment").path("user")).put("type", "Bot");

    assertRefused(
        deliver("issue_comment", comment), "ci-helper[bot]", "`kaka.trigger.allowed-bots`");
    assertThat(github.permissionCalls(OWNER, NAME)).isEqualTo(before);
  }

  @Test
  void aListedBotStartsATask() {
    WebhookPayload labeled = label(LISTED_BOT);
    ((ObjectNode) labeled.json().path("sender")).put("type", "Bot");

    assertThat(status(deliver("issues", labeled))).isEqualTo("queued");
  }

  @Test
  void aRepositoryThatAsksForMaintainersRefusesAWriter() {
    SharedGitHub.get()
        .createRepository(
            "acme",
            "maintainers-only",
            "main",
            Map.of(".github/kaka.yml", "trigger:\n  min-permission: maintain\n"));
    github.setPermission("acme", "maintainers-only", "a-writer", "write");
    WebhookPayload labeled =
        label("a-writer")
            .repository(
                "acme", "maintainers-only", "https://github.com/acme/maintainers-only.git", "main");

    assertRefused(
        deliver("issues", labeled), "a-writer", "only people with maintain or admin access");
  }

  @Test
  void whenGitHubCannotSayNothingIsQueuedAndTheDeliveryCanBeRedelivered() {
    SharedGitHub.grant("writer-in-outage", "write");
    // the repository's settings are known first, so the outage meets the permission check
    assertThat(status(deliver("issues", WebhookPayload.issueLabeled().label("bug"))))
        .isEqualTo("ignored");
    github.failNextApiCalls(2, 502);
    String delivery = UUID.randomUUID().toString();

    deliverRaw("issues", label("writer-in-outage"), delivery)
        .expectStatus()
        .isEqualTo(503)
        .expectHeader()
        .value(HttpHeaders.RETRY_AFTER, seconds -> assertThat(Long.parseLong(seconds)).isPositive())
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("error");
    assertThat(triggered.settle()).isEmpty();

    assertThat(
            status(
                JSON.readTree(
                    deliverRaw("issues", label("writer-in-outage"), delivery)
                        .expectStatus()
                        .isAccepted()
                        .expectBody(byte[].class)
                        .returnResult()
                        .getResponseBody())))
        .isEqualTo("queued");
  }

  @Test
  void aSecondTriggerWithinTheCacheTimeAsksGitHubNoMore() {
    SharedGitHub.grant("busy-writer", "write");
    int before = github.permissionCalls(OWNER, NAME);

    assertThat(status(deliver("issues", label("busy-writer")))).isEqualTo("queued");
    assertThat(status(deliver("issue_comment", command("busy-writer", "COLLABORATOR"))))
        .isEqualTo("queued");

    assertThat(github.permissionCalls(OWNER, NAME)).isEqualTo(before + 1);
  }

  private void assertRefused(JsonNode answer, String requester, String reason) {
    assertThat(status(answer)).isEqualTo("refused");
    assertThat(answer.path("message").asString()).contains(reason);
    triggered.await(1);
    var published = triggered.settle();
    assertThat(types(published))
        .as("one refusal, for the notifier to answer once, and no task")
        .containsExactly("TriggerRefused");
    JsonNode refusal = JSON.readTree(published.get(0).value());
    assertThat(refusal.path("requester").asString()).isEqualTo(requester);
    assertThat(refusal.path("reason").asString()).contains(reason);
  }

  private static WebhookPayload command(String author, String association) {
    WebhookPayload payload = WebhookPayload.issueCommentCreated().comment("/kaka do it");
    ((ObjectNode) payload.json().path("comment")).put("author_association", association);
    ((ObjectNode) payload.json().path("comment").path("user")).put("login", author);
    ((ObjectNode) payload.json().path("sender")).put("login", author);
    return payload;
  }

  private static WebhookPayload label(String sender) {
    WebhookPayload payload = WebhookPayload.issueLabeled().label("kaka");
    ((ObjectNode) payload.json().path("sender")).put("login", sender);
    return payload;
  }

  private static String status(JsonNode answer) {
    return answer.path("status").asString();
  }

  private static List<String> types(List<ConsumerRecord<String, String>> records) {
    return records.stream()
        .map(record -> JSON.readTree(record.value()).path("type").asString())
        .toList();
  }

  private JsonNode deliver(String event, WebhookPayload payload) {
    return JSON.readTree(
        deliverRaw(event, payload, UUID.randomUUID().toString())
            .expectStatus()
            .isAccepted()
            .expectBody(byte[].class)
            .returnResult()
            .getResponseBody());
  }

  private WebTestClient.ResponseSpec deliverRaw(
      String event, WebhookPayload payload, String delivery) {
    byte[] body = payload.bytes();
    return client
        .post()
        .uri("/webhooks/github")
        .contentType(MediaType.APPLICATION_JSON)
        .header("X-GitHub-Event", event)
        .header("X-GitHub-Delivery", delivery)
        .header("X-Hub-Signature-256", WebhookPayload.signature(SECRET, body))
        .bodyValue(body)
        .exchange();
  }
}
