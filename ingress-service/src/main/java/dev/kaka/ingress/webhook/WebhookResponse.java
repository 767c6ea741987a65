package dev.kaka.ingress.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kaka.ingress.trigger.Dispatched;

/** The JSON body of every answer to GitHub; GitHub shows it in the delivery log. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record WebhookResponse(String status, String taskId, String message) {

  static WebhookResponse of(Dispatched dispatched) {
    String status =
        dispatched.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    return new WebhookResponse(status, dispatched.taskId(), dispatched.message());
  }

  static WebhookResponse duplicate(String taskId) {
    return new WebhookResponse("duplicate", taskId, "this delivery was already accepted");
  }

  static WebhookResponse ignored(String reason) {
    return new WebhookResponse("ignored", null, reason);
  }

  static WebhookResponse rateLimited(String message) {
    return new WebhookResponse("rate-limited", null, message);
  }

  static WebhookResponse error(String message) {
    return new WebhookResponse("error", null, message);
  }
}
