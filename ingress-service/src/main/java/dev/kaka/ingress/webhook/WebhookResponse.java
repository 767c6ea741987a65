package dev.kaka.ingress.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The JSON body of every answer to GitHub; GitHub shows it in the delivery log. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record WebhookResponse(String status, String taskId, String message) {

  static WebhookResponse queued(String taskId) {
    return new WebhookResponse("queued", taskId, null);
  }

  static WebhookResponse duplicate(String taskId) {
    return new WebhookResponse("duplicate", taskId, "this delivery was already accepted");
  }

  static WebhookResponse ignored(String reason) {
    return new WebhookResponse("ignored", null, reason);
  }

  static WebhookResponse error(String message) {
    return new WebhookResponse("error", null, message);
  }
}
