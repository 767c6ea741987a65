package dev.kaka.testkit.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/** Sends a payload to a webhook endpoint the way GitHub does: signed, with a delivery id. */
public final class WebhookSender {

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI endpoint;
  private final String secret;

  public WebhookSender(URI endpoint, String secret) {
    this.endpoint = endpoint;
    this.secret = secret;
  }

  public HttpResponse<String> send(WebhookPayload payload) {
    return send(payload, UUID.randomUUID().toString());
  }

  public HttpResponse<String> send(WebhookPayload payload, String deliveryId) {
    byte[] body = payload.bytes();
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("User-Agent", "GitHub-Hookshot/kaka-testkit")
            .header("X-GitHub-Event", payload.event())
            .header("X-GitHub-Delivery", deliveryId)
            .header("X-Hub-Signature-256", WebhookPayload.signature(secret, body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("Could not send the webhook to " + endpoint + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending the webhook", e);
    }
  }
}
