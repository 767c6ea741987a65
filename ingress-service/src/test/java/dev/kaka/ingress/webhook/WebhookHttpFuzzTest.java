package dev.kaka.ingress.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.common.Topics;
import dev.kaka.ingress.IngressApplication;
import dev.kaka.ingress.webhook.HostileDeliveries.ByteMutation;
import dev.kaka.ingress.webhook.HostileDeliveries.JsonMutation;
import dev.kaka.ingress.webhook.HostileDeliveries.Sample;
import dev.kaka.ingress.webhook.HostileDeliveries.Signer;
import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.testkit.kafka.TopicReader;
import dev.kaka.testkit.mongo.MongoStandIn;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fuzz of {@link WebhookIntakeFuzzTest} through the whole service: HTTP, streaming, rate
 * limits, the dispatcher and the real broker. Fewer tries, as each one is a request. Every answer
 * is a 2xx or 4xx that repeats no secret and no exception; at the end, the triggers on the topic
 * are exactly those answered {@code queued} (and the refusals exactly those answered {@code
 * refused}).
 */
class WebhookHttpFuzzTest implements HostileDeliveryArbitraries {

  private static final Set<Integer> ANSWERS = Set.of(200, 202, 400, 401, 413, 415);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

  private static ConfigurableApplicationContext ingress;
  private static TopicReader triggered;
  private static URI endpoint;
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private static final Map<String, String> ANSWERED = new ConcurrentHashMap<>();

  @BeforeContainer
  static void startIngress() {
    // arguments, as the highest precedence: application.yml would win over default properties
    ingress =
        new SpringApplicationBuilder(IngressApplication.class)
            .run(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + KafkaBroker.shared().bootstrapServers(),
                "--spring.mongodb.uri=" + MongoStandIn.shared().uri("ingress-http-fuzz"),
                "--kaka.webhook.secrets=" + IntakeFixture.GLOBAL_SECRET,
                "--kaka.webhook.repository-secrets.octo="
                    + IntakeFixture.OCTO_OLD_SECRET
                    + ","
                    + IntakeFixture.OCTO_SECRET,
                "--kaka.webhook.repository-secrets[acme/widgets]=" + IntakeFixture.WIDGETS_SECRET,
                "--kaka.webhook.rate-limit.per-sender.limit=100000",
                "--kaka.webhook.rate-limit.per-repository.limit=100000",
                "--kaka.trigger.bot-login=kaka-bot");
    endpoint =
        URI.create(
            "http://127.0.0.1:"
                + ingress.getEnvironment().getProperty("local.server.port")
                + "/webhooks/github");
    // after the start, which creates the topic
    triggered =
        TopicReader.fromEnd(KafkaBroker.shared().bootstrapServers(), Topics.ISSUE_TRIGGERED);
  }

  @AfterContainer
  static void everyPublishedRecordWasAnsweredAsSuch() {
    try {
      List<ConsumerRecord<String, String>> records = triggered.settle();
      Map<String, String> published = new HashMap<>();
      for (ConsumerRecord<String, String> record : records) {
        JsonNode event = JSON.readTree(record.value());
        String delivery = event.path("deliveryId").asString();
        if (delivery.startsWith(RUN)) {
          published.put(delivery, event.path("type").asString());
        }
      }
      Map<String, String> expected = new HashMap<>();
      ANSWERED.forEach(
          (delivery, status) -> {
            if (status.equals("queued")) {
              expected.put(delivery, "IssueTriggered");
            } else if (status.equals("refused")) {
              expected.put(delivery, "TriggerRefused");
            }
          });
      assertThat(published).isEqualTo(expected);
      System.out.println(
          "HTTP fuzz: " + ANSWERED.size() + " deliveries, " + expected.size() + " published");
    } finally {
      triggered.close();
      ingress.close();
    }
  }

  @Property(tries = 250)
  void byteMutatedDeliveries(
      @ForAll("samples") Sample sample,
      @ForAll("byteMutations") List<ByteMutation> mutations,
      @ForAll("signers") Signer signer,
      @ForAll("contentTypes") String contentType)
      throws Exception {
    deliver(
        sample.event(), contentType, signer, HostileDeliveries.applyAll(mutations, sample.bytes()));
  }

  @Property(tries = 250)
  void structurallyMutatedDeliveries(
      @ForAll("samples") Sample sample,
      @ForAll("jsonMutations") List<JsonMutation> mutations,
      @ForAll("signers") Signer signer,
      @ForAll boolean asForm)
      throws Exception {
    byte[] json = HostileDeliveries.applyAll(mutations, sample);
    deliver(
        sample.event(),
        asForm ? "application/x-www-form-urlencoded" : "application/json",
        signer,
        asForm ? IntakeFixture.form(json) : json);
  }

  private void deliver(String event, String contentType, Signer signer, byte[] body)
      throws IOException, InterruptedException {
    String delivery = RUN + "-" + UUID.randomUUID();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(30))
            .header("X-GitHub-Event", event)
            .header("X-GitHub-Delivery", delivery)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    String signature = signer.sign(body);
    if (signature != null && isHeaderValue(signature)) {
      request.header("X-Hub-Signature-256", signature);
    }
    if (isHeaderValue(contentType) && !contentType.isEmpty()) {
      request.header("Content-Type", contentType);
    }

    HttpResponse<String> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());

    Statistics.label("status").collect(response.statusCode());
    assertThat(ANSWERS).as(response.body()).contains(response.statusCode());
    assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    for (String secret : IntakeFixture.ALL_SECRETS) {
      assertThat(response.body()).doesNotContain(secret);
    }
    String status = JSON.readTree(response.body()).path("status").asString();
    Statistics.label("answer").collect(status);
    ANSWERED.put(delivery, status);
  }

  /** The JDK client refuses header values it cannot send; those never reach a server anyway. */
  private static boolean isHeaderValue(String value) {
    return value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c < 0x7f));
  }
}
