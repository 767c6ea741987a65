package dev.kaka.ingress.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.common.Topics;
import dev.kaka.common.event.TaskSettings;
import dev.kaka.testkit.github.FakeGitHub;
import dev.kaka.testkit.github.FakeRepository;
import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.testkit.kafka.TopicReader;
import dev.kaka.testkit.mongo.MongoStandIn;
import dev.kaka.testkit.webhook.WebhookPayload;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The webhook endpoint with a token: each repository's {@code .github/kaka.yml} decides. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "kaka.webhook.secrets=" + SettingsEndpointTest.SECRET,
      "kaka.github.token=" + SettingsEndpointTest.TOKEN
    })
@AutoConfigureWebTestClient
class SettingsEndpointTest {

  static final String SECRET = "settings-endpoint-secret";
  static final String TOKEN = "settings-endpoint-token";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static FakeGitHub github;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
    github = FakeGitHub.start(Files.createTempDirectory("settings-endpoint"), TOKEN);
    registry.add("spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
    registry.add("spring.mongodb.uri", () -> MongoStandIn.shared().uri("ingress-settings-test"));
    registry.add("kaka.github.api-url", github::apiUrl);
    registry.add(
        "kaka.webhook.allowed-clone-urls", () -> github.apiUrl().replaceFirst("/api/v3$", "/"));
  }

  @AfterAll
  static void stopGitHub() {
    github.close();
  }

  @Autowired WebTestClient client;

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
  void theRepositorysLabelQueuesATaskCarryingItsSettingsAndTheServiceLabelDoesNot(TestInfo test) {
    FakeRepository repository =
        repository(
            test,
            "trigger:\n  label: ai\n"
                + "pull-request:\n  draft: true\n  labels: [ai]\nagent:\n  max-turns: 7\n");

    JsonNode serviceLabel = deliver("issues", labeled(repository, "kaka"));
    JsonNode ownLabel = deliver("issues", labeled(repository, "ai"));

    assertThat(serviceLabel.path("status").asString()).isEqualTo("ignored");
    assertThat(ownLabel.path("status").asString()).isEqualTo("queued");
    JsonNode event = JSON.readTree(triggered.await(1).get(0).value());
    assertThat(event.path("taskId").asString()).isEqualTo(ownLabel.path("taskId").asString());
    assertThat(event.path("settings"))
        .isEqualTo(
            JSON.readTree(
                "{\"version\":1,\"pullRequest\":{\"draft\":true,\"labels\":[\"ai\"]},"
                    + "\"agent\":{\"maxTurns\":7}}"));
  }

  @Test
  void anInvalidFileLeavesTheServiceTriggersAndTheTaskCarriesTheProblem(TestInfo test) {
    FakeRepository repository =
        repository(test, "trigger:\n  label: ai\nagent:\n  max-turns: many\n");

    JsonNode answer = deliver("issues", labeled(repository, "kaka"));

    assertThat(answer.path("status").asString()).isEqualTo("queued");
    JsonNode event = JSON.readTree(triggered.await(1).get(0).value());
    assertThat(event.path("settings").path("problem").asString())
        .isEqualTo("`.github/kaka.yml`: `agent.max-turns` must be a whole number, got `many`");
  }

  @Test
  void aPushToTheDefaultBranchMakesTheNextTriggerReadTheFileAgain(TestInfo test) {
    FakeRepository repository = repository(test, "trigger:\n  label: one\n");
    assertThat(deliver("issues", labeled(repository, "one")).path("status").asString())
        .isEqualTo("queued");
    github.commitFiles(
        repository.owner(),
        repository.name(),
        "main",
        Map.of(TaskSettings.FILE, "trigger:\n  label: two\n"));
    assertThat(deliver("issues", labeled(repository, "two")).path("status").asString())
        .as("still the file as read before the push")
        .isEqualTo("ignored");

    JsonNode pushed =
        deliver(
            "push",
            WebhookPayload.push()
                .ref("refs/heads/main")
                .repository(repository.owner(), repository.name(), repository.cloneUrl(), "main"));

    assertThat(pushed.path("status").asString()).isEqualTo("ignored");
    assertThat(pushed.path("message").asString()).contains("settings will be read again");
    assertThat(deliver("issues", labeled(repository, "two")).path("status").asString())
        .isEqualTo("queued");
  }

  /** A repository of its own per test, where the payloads' sender may write. */
  private static FakeRepository repository(TestInfo test, String settings) {
    FakeRepository repository =
        github.createRepository(
            "acme",
            test.getTestMethod().orElseThrow().getName(),
            "main",
            Map.of("README.md", "hello\n", TaskSettings.FILE, settings));
    github.setPermission(repository.owner(), repository.name(), "Codertocat", "write");
    return repository;
  }

  private static WebhookPayload labeled(FakeRepository repository, String label) {
    return WebhookPayload.issueLabeled()
        .label(label)
        .repository(repository.owner(), repository.name(), repository.cloneUrl(), "main");
  }

  private JsonNode deliver(String event, WebhookPayload payload) {
    byte[] body = payload.bytes();
    return JSON.readTree(
        client
            .post()
            .uri("/webhooks/github")
            .contentType(MediaType.APPLICATION_JSON)
            .header("X-GitHub-Event", event)
            .header("X-GitHub-Delivery", UUID.randomUUID().toString())
            .header("X-Hub-Signature-256", WebhookPayload.signature(SECRET, body))
            .bodyValue(body)
            .exchange()
            .expectStatus()
            .isAccepted()
            .expectBody(byte[].class)
            .returnResult()
            .getResponseBody());
  }
}
