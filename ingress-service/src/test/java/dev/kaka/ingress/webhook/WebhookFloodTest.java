package dev.kaka.ingress.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.ingress.SharedGitHub;
import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.testkit.mongo.MongoStandIn;
import dev.kaka.testkit.webhook.WebhookPayload;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Forty slow uploads of the largest body at once, from anyone (no valid signature): the bytes held
 * stay within {@code kaka.webhook.max-bytes-in-flight} (its default), the uploads beyond it are
 * answered 503 with {@code Retry-After}, the ingress answers its health checks meanwhile, and a
 * real delivery afterwards is accepted.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "kaka.webhook.secrets=" + WebhookFloodTest.SECRET,
      // the uploads are slower than this: each ends within it, whatever its answer
      "kaka.webhook.body-timeout=5s"
    })
@AutoConfigureWebTestClient
class WebhookFloodTest {

  static final String SECRET = "webhook-flood-test-secret";
  private static final int UPLOADS = 40;
  private static final int BODY_BYTES = 25 * 1024 * 1024;
  private static final long BUDGET_BYTES = 64L * 1024 * 1024;
  private static final int CHUNK_BYTES = 64 * 1024;
  private static final long PAUSE_MILLIS = 40;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
    registry.add("spring.mongodb.uri", () -> MongoStandIn.shared().uri("ingress-flood-test"));
    SharedGitHub.register(registry);
  }

  @LocalServerPort int port;

  @Autowired WebTestClient client;

  @Autowired MeterRegistry meters;

  @Test
  void slowLargeUploadsAreBoundedAndTheIngressStaysUsable() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2 * UPLOADS + 1);
    AtomicBoolean flooding = new AtomicBoolean(true);
    AtomicInteger healthChecks = new AtomicInteger();
    List<Integer> unhealthy = new ArrayList<>();
    double[] peakBytes = {0};
    try {
      Future<?> watcher =
          threads.submit(
              () -> {
                while (flooding.get()) {
                  peakBytes[0] =
                      Math.max(
                          peakBytes[0],
                          meters.get("kaka.webhooks.body.bytes.in.flight").gauge().value());
                  int status =
                      client
                          .get()
                          .uri("/actuator/health/liveness")
                          .exchange()
                          .returnResult(String.class)
                          .getStatus()
                          .value();
                  healthChecks.incrementAndGet();
                  if (status != 200) {
                    unhealthy.add(status);
                  }
                  sleep(100);
                }
              });
      List<Future<Answer>> uploads = new ArrayList<>();
      for (int i = 0; i < UPLOADS; i++) {
        uploads.add(threads.submit(() -> upload(threads)));
      }
      List<Answer> answers = new ArrayList<>();
      for (Future<Answer> upload : uploads) {
        answers.add(upload.get(2, TimeUnit.MINUTES));
      }
      flooding.set(false);
      watcher.get(1, TimeUnit.MINUTES);

      assertThat(answers)
          .extracting(Answer::status)
          .as("the answers to the uploads")
          .isSubsetOf(503, 408, 401)
          .contains(503);
      assertThat(answers)
          .filteredOn(answer -> answer.status() == 503)
          .allSatisfy(answer -> assertThat(answer.retryAfter()).isNotBlank());
      assertThat(peakBytes[0])
          .as("body bytes held at the peak")
          .isGreaterThan(BODY_BYTES)
          .isLessThanOrEqualTo(BUDGET_BYTES);
      assertThat(healthChecks.get()).isGreaterThan(5);
      assertThat(unhealthy).isEmpty();
    } finally {
      flooding.set(false);
      threads.shutdownNow();
    }
    assertThat(meters.get("kaka.webhooks.body.bytes.in.flight").gauge().value()).isZero();
    byte[] body = WebhookEndpointTest.uniqueTrigger().bytes();
    client
        .post()
        .uri("/webhooks/github")
        .contentType(MediaType.APPLICATION_JSON)
        .header("X-GitHub-Event", "issues")
        .header("X-GitHub-Delivery", UUID.randomUUID().toString())
        .header("X-Hub-Signature-256", WebhookPayload.signature(SECRET, body))
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isAccepted()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("queued");
  }

  /** The status and {@code Retry-After} of the answer to one upload. */
  record Answer(int status, String retryAfter) {}

  /** Trickles a body of the largest size, unsigned, until the server answers or it is sent. */
  private Answer upload(ExecutorService threads) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(60_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /webhooks/github HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  + "Content-Type: application/json\r\nX-GitHub-Event: issues\r\n"
                  + "X-GitHub-Delivery: "
                  + UUID.randomUUID()
                  + "\r\n"
                  + "X-Hub-Signature-256: sha256="
                  + "0".repeat(64)
                  + "\r\n"
                  + "Content-Length: "
                  + BODY_BYTES
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      threads.submit(() -> trickle(out));
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      String statusLine = in.readLine();
      String retryAfter = null;
      for (String header = in.readLine();
          header != null && !header.isEmpty();
          header = in.readLine()) {
        if (header.regionMatches(true, 0, "Retry-After:", 0, 12)) {
          retryAfter = header.substring(12).strip();
        }
      }
      return new Answer(Integer.parseInt(statusLine.split(" ")[1]), retryAfter);
    }
  }

  private static void trickle(OutputStream out) {
    byte[] chunk = new byte[CHUNK_BYTES];
    try {
      for (int sent = 0; sent < BODY_BYTES; sent += CHUNK_BYTES) {
        out.write(chunk, 0, Math.min(CHUNK_BYTES, BODY_BYTES - sent));
        out.flush();
        sleep(PAUSE_MILLIS);
      }
    } catch (IOException closedByTheServer) {
      // expected once the server has answered
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
