package dev.kaka.ingress.metrics;

import java.util.Set;

/**
 * The tags of one webhook answer. Tag values come from fixed sets only: the event header is sent
 * before the signature is checked, so an unknown event becomes {@code other} rather than a new time
 * series for whoever posts to the endpoint.
 *
 * @param outcome {@code accepted} (a task was queued), the answer's own status for other 2xx
 *     answers ({@code ignored}, {@code duplicate}, {@code pong}, …), {@code rejected} for 4xx,
 *     {@code unavailable} for 503, {@code error} otherwise
 * @param reason why a delivery was rejected; {@code none} when it was not
 */
record WebhookOutcome(String outcome, String reason) {

  private static final Set<String> EVENTS =
      Set.of(
          "issues",
          "issue_comment",
          "pull_request",
          "pull_request_review",
          "pull_request_review_comment",
          "push",
          "ping",
          "installation",
          "installation_repositories");

  static WebhookOutcome of(int status, String answerStatus) {
    if (status >= 200 && status < 300) {
      if (answerStatus == null) {
        return new WebhookOutcome("ok", "none");
      }
      return new WebhookOutcome(answerStatus.equals("queued") ? "accepted" : answerStatus, "none");
    }
    return switch (status) {
      case 400 -> new WebhookOutcome("rejected", "invalid");
      case 401 -> new WebhookOutcome("rejected", "signature");
      case 413 -> new WebhookOutcome("rejected", "too_large");
      case 429 -> new WebhookOutcome("rejected", "rate_limited");
      case 503 -> new WebhookOutcome("unavailable", "queue_unavailable");
      default ->
          status >= 400 && status < 500
              ? new WebhookOutcome("rejected", "status_" + status)
              : new WebhookOutcome("error", "status_" + status);
    };
  }

  static String event(String header) {
    if (header == null || header.isBlank()) {
      return "none";
    }
    return EVENTS.contains(header) ? header : "other";
  }
}
