package dev.kaka.ingress.webhook;

import dev.kaka.ingress.trigger.TriggerDecision;
import dev.kaka.ingress.trigger.TriggerDispatcher;
import dev.kaka.ingress.trigger.TriggerRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code POST /webhooks/github}: checks the delivery in order of cost (headers, size, signature over
 * the raw bytes, JSON, trigger rules) and answers once the task is durably queued.
 */
@Component
class WebhookHandler {

  private static final Logger log = LoggerFactory.getLogger(WebhookHandler.class);

  private final SignatureVerifier signatures;
  private final TriggerRules rules;
  private final TriggerDispatcher dispatcher;
  private final RecentDeliveries recentDeliveries;
  private final ObjectMapper json;
  private final int maxBodyBytes;

  WebhookHandler(WebhookProperties properties, TriggerRules rules, TriggerDispatcher dispatcher,
      ObjectMapper json) {
    this.signatures = new SignatureVerifier(properties.secrets());
    this.rules = rules;
    this.dispatcher = dispatcher;
    this.recentDeliveries = new RecentDeliveries(properties.recentDeliveries());
    this.json = json;
    this.maxBodyBytes = (int) Math.min(Integer.MAX_VALUE, properties.maxBodySize().toBytes());
  }

  Mono<ServerResponse> handle(ServerRequest request) {
    String event = request.headers().firstHeader("X-GitHub-Event");
    String deliveryId = request.headers().firstHeader("X-GitHub-Delivery");
    if (event == null || event.isBlank() || deliveryId == null || deliveryId.isBlank()) {
      return answer(HttpStatus.BAD_REQUEST,
          WebhookResponse.error("X-GitHub-Event and X-GitHub-Delivery headers are required"));
    }
    if (request.headers().contentLength().orElse(0) > maxBodyBytes) {
      return tooLarge();
    }
    String signature = request.headers().firstHeader("X-Hub-Signature-256");
    return DataBufferUtils.join(request.bodyToFlux(DataBuffer.class), maxBodyBytes)
        .map(WebhookHandler::bytesOf)
        .defaultIfEmpty(new byte[0])
        .flatMap(body -> verified(event, deliveryId, signature, body))
        .onErrorResume(DataBufferLimitException.class, tooBig -> tooLarge());
  }

  private Mono<ServerResponse> verified(String event, String deliveryId, String signature,
      byte[] body) {
    if (!signatures.isValid(signature, body)) {
      log.debug("Delivery {} refused: missing or wrong signature", deliveryId);
      return answer(HttpStatus.UNAUTHORIZED,
          WebhookResponse.error("missing or invalid X-Hub-Signature-256"));
    }
    if (event.equals("ping")) {
      return answer(HttpStatus.OK, new WebhookResponse("pong", null, null));
    }
    JsonNode payload;
    try {
      payload = json.readTree(body);
    } catch (JacksonException malformed) {
      return answer(HttpStatus.BAD_REQUEST, WebhookResponse.error("the body is not valid JSON"));
    }
    if (payload == null || !payload.isObject()) {
      return answer(HttpStatus.BAD_REQUEST, WebhookResponse.error("the body is not a JSON object"));
    }
    return decided(deliveryId, rules.evaluate(event, deliveryId, payload));
  }

  private Mono<ServerResponse> decided(String deliveryId, TriggerDecision decision) {
    if (decision instanceof TriggerDecision.Rejected rejected) {
      return answer(HttpStatus.BAD_REQUEST, WebhookResponse.error(rejected.reason()));
    }
    if (decision instanceof TriggerDecision.Ignored ignored) {
      log.debug("Delivery {} ignored: {}", deliveryId, ignored.reason());
      return answer(HttpStatus.ACCEPTED, WebhookResponse.ignored(ignored.reason()));
    }
    var known = recentDeliveries.taskIdOf(deliveryId);
    if (known.isPresent()) {
      return answer(HttpStatus.ACCEPTED, WebhookResponse.duplicate(known.get()));
    }
    return dispatcher.dispatch(decision)
        .flatMap(dispatched -> {
          if (dispatched.taskId() != null) {
            recentDeliveries.remember(deliveryId, dispatched.taskId());
          }
          return answer(HttpStatus.ACCEPTED, WebhookResponse.of(dispatched));
        })
        .onErrorResume(failure -> {
          log.warn("Delivery {} could not be acted on: {}", deliveryId, failure.toString());
          return answer(HttpStatus.SERVICE_UNAVAILABLE,
              WebhookResponse.error("the task queue is unavailable; redeliver this webhook later"));
        });
  }

  private static Mono<ServerResponse> tooLarge() {
    return answer(HttpStatus.CONTENT_TOO_LARGE, WebhookResponse.error("the body is too large"));
  }

  private static Mono<ServerResponse> answer(HttpStatus status, WebhookResponse body) {
    return ServerResponse.status(status).bodyValue(body);
  }

  private static byte[] bytesOf(DataBuffer buffer) {
    try {
      byte[] bytes = new byte[buffer.readableByteCount()];
      buffer.read(bytes);
      return bytes;
    } finally {
      DataBufferUtils.release(buffer);
    }
  }
}
