package dev.kaka.ingress.webhook;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TriggerRefused;
import dev.kaka.ingress.conversation.ConversationAttacher;
import dev.kaka.ingress.review.ReviewGatherer;
import dev.kaka.ingress.review.ReviewUnreadable;
import dev.kaka.ingress.settings.SettingsLookup;
import dev.kaka.ingress.trigger.Dispatched;
import dev.kaka.ingress.trigger.PermissionUnknown;
import dev.kaka.ingress.trigger.RepositorySettings;
import dev.kaka.ingress.trigger.TriggerDecision;
import dev.kaka.ingress.trigger.TriggerDispatcher;
import dev.kaka.ingress.trigger.TriggerRules;
import dev.kaka.ingress.trigger.TriggerTrust;
import dev.kaka.ingress.webhook.AcceptedBodies.Claim;
import dev.kaka.ingress.webhook.WebhookIntake.Verdict;
import dev.kaka.support.github.GitHubProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code POST /webhooks/github}: checks the headers, streams the body in up to the size limit, lets
 * {@link WebhookIntake} judge it, applies the rate limits, hands what is left to the {@link
 * TriggerDispatcher} and answers once that is durably done. Answers never carry a secret, an
 * exception's text or a host name.
 */
@Component
class WebhookHandler {

  private static final Logger log = LoggerFactory.getLogger(WebhookHandler.class);

  private final WebhookIntake intake;
  private final TriggerRateLimits rateLimits;
  private final TriggerDispatcher dispatcher;
  private final RecentDeliveries recentDeliveries;
  private final AcceptedBodies acceptedBodies;
  private final BodyBudget bodyBudget;
  private final SettingsLookup settings;
  private final TriggerTrust trust;
  private final ConversationAttacher conversation;
  private final ReviewGatherer reviews;
  private final int maxBodyBytes;
  private final Duration bodyTimeout;

  WebhookHandler(
      WebhookProperties properties,
      GitHubProperties github,
      TriggerRules rules,
      TriggerDispatcher dispatcher,
      SettingsLookup settings,
      TriggerTrust trust,
      ConversationAttacher conversation,
      ReviewGatherer reviews,
      ReactiveMongoTemplate mongo,
      Clock clock,
      MeterRegistry meters) {
    this.intake =
        new WebhookIntake(
            WebhookSecrets.of(properties),
            CloneHosts.of(properties.allowedCloneUrls(), github.server()),
            rules);
    this.rateLimits = new TriggerRateLimits(properties.rateLimit(), meters, Ticker.systemTicker());
    this.dispatcher = dispatcher;
    this.recentDeliveries = new RecentDeliveries(properties.recentDeliveries());
    this.acceptedBodies = new AcceptedBodies(mongo, properties.replayWindow(), clock, meters);
    this.bodyBudget = new BodyBudget(properties.maxBytesInFlight().toBytes(), meters);
    this.settings = settings;
    this.trust = trust;
    this.conversation = conversation;
    this.reviews = reviews;
    this.maxBodyBytes = (int) Math.min(Integer.MAX_VALUE, properties.maxBodySize().toBytes());
    this.bodyTimeout = properties.bodyTimeout();
  }

  @EventListener(ApplicationReadyEvent.class)
  void createIndexes() {
    acceptedBodies.createIndex();
  }

  Mono<ServerResponse> handle(ServerRequest request) {
    HttpHeaders headers = request.headers().asHttpHeaders();
    Verdict checked =
        WebhookIntake.headers(
            headers.getFirst("X-GitHub-Event"),
            headers.getFirst("X-GitHub-Delivery"),
            headers.getFirst(HttpHeaders.CONTENT_TYPE),
            headers.getFirst("X-Hub-Signature-256"));
    if (!(checked instanceof Verdict.Readable readable)) {
      return answer((Verdict.Refused) checked);
    }
    if (headers.getContentLength() > maxBodyBytes) {
      return tooLarge();
    }
    if (!bodyBudget.hasRoomFor(headers.getContentLength())) {
      // answered before a byte of the body is read
      return busy();
    }
    // the share is held until the answer is decided, as long as the body is
    return Mono.using(
        bodyBudget::share, share -> read(request, readable, share), BodyBudget.Share::close);
  }

  private Mono<ServerResponse> read(
      ServerRequest request, Verdict.Readable readable, BodyBudget.Share share) {
    // join counts while the body streams in and stops at the limit, so a body that never ends
    // (chunked, no Content-Length) costs at most the limit
    return DataBufferUtils.join(share.counted(request.bodyToFlux(DataBuffer.class)), maxBodyBytes)
        .timeout(bodyTimeout, Mono.error(SlowBody::new))
        .map(WebhookHandler::bytesOf)
        .defaultIfEmpty(new byte[0])
        .flatMap(
            body ->
                settled(intake.examine(readable.headers(), body))
                    .flatMap(verdict -> judged(readable.headers(), verdict, body)))
        .onErrorResume(DataBufferLimitException.class, tooBig -> tooLarge())
        .onErrorResume(BodyBudget.Exhausted.class, full -> busy())
        .onErrorResume(
            SlowBody.class,
            slow ->
                answer(
                    HttpStatus.REQUEST_TIMEOUT,
                    WebhookResponse.error("the body took too long to arrive")))
        .onErrorResume(
            PermissionUnknown.class,
            unknown -> {
              log.warn(
                  "Delivery {} not acted on: the requester's permission is unknown ({})",
                  readable.headers().deliveryId(),
                  unknown.getMessage());
              // a failed delivery in GitHub's log, to redeliver: nobody is trusted on a guess
              return redeliverLater(
                  PermissionUnknown.RETRY_AFTER,
                  "GitHub could not say whether the requester may start Kaka; redeliver this"
                      + " webhook later");
            })
        .onErrorResume(
            ReviewUnreadable.class,
            unreadable -> {
              log.warn(
                  "Delivery {} not acted on: {}",
                  readable.headers().deliveryId(),
                  unreadable.getMessage());
              return redeliverLater(
                  ReviewUnreadable.RETRY_AFTER,
                  "GitHub did not serve the review's comments; redeliver this webhook later");
            })
        .onErrorResume(
            failure -> {
              log.error(
                  "Delivery {} could not be handled", readable.headers().deliveryId(), failure);
              return answer(
                  HttpStatus.INTERNAL_SERVER_ERROR,
                  WebhookResponse.error("the delivery could not be handled; redeliver it later"));
            });
  }

  /**
   * A verdict that depends on the repository's settings once they are known (cached or read), on a
   * review's comments (read from GitHub) when it is a review, and on the requester's permission
   * (asked of GitHub) when it acts on a task.
   */
  private Mono<Verdict> settled(Verdict verdict) {
    if (verdict instanceof Verdict.NeedsSettings pending) {
      return settings
          .of(pending.repository())
          .flatMap(found -> trusted(intake.decide(pending, found), found));
    }
    return trusted(verdict, RepositorySettings.NONE);
  }

  private Mono<Verdict> trusted(Verdict verdict, RepositorySettings found) {
    return verdict instanceof Verdict.Decided decided
        ? reviews
            .gather(decided.decision())
            .flatMap(gathered -> trust.vet(gathered, found))
            .flatMap(vetted -> conversation.attach(vetted, found))
            .map(Verdict.Decided::new)
        : Mono.just(verdict);
  }

  private Mono<ServerResponse> judged(WebhookIntake.Headers headers, Verdict verdict, byte[] body) {
    if (verdict instanceof Verdict.Refused refused) {
      log.debug("Delivery {} refused: {}", headers.deliveryId(), refused.message());
      return answer(refused);
    }
    if (verdict instanceof Verdict.Pong) {
      return answer(HttpStatus.OK, new WebhookResponse("pong", null, null));
    }
    return decided(headers.deliveryId(), ((Verdict.Decided) verdict).decision(), body);
  }

  private Mono<ServerResponse> decided(String deliveryId, TriggerDecision decision, byte[] body) {
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
    Optional<IssueTriggered> work = decision.work();
    if (work.isEmpty()) {
      // only work is ever accepted ("queued" or "attached"), so only work is checked for replays
      return dispatched(deliveryId, decision, new Claim.Unchecked());
    }
    // the same body under another delivery id is a replay: GitHub does not sign the delivery id
    return acceptedBodies
        .claim(AcceptedBodies.hashOf(body), deliveryId)
        .flatMap(
            claim ->
                claim instanceof Claim.Duplicate replay
                    ? answer(HttpStatus.ACCEPTED, WebhookResponse.duplicate(replay.taskId()))
                    : admitted(deliveryId, decision, work.get(), claim));
  }

  /** Work not accepted lately: started unless a rate limit is used up. */
  private Mono<ServerResponse> admitted(
      String deliveryId, TriggerDecision decision, IssueTriggered work, Claim claim) {
    var refusal = rateLimits.admit(work);
    if (refusal.isPresent()) {
      log.info("Delivery {} refused: {}", deliveryId, refusal.get().message());
      // 429 shows as a failed delivery in GitHub's log, which can be redelivered once the
      // limit has renewed; a refused delivery is not remembered, so the redelivery counts
      return release(claim)
          .then(tellRequester(work, refusal.get()))
          .then(
              ServerResponse.status(HttpStatus.TOO_MANY_REQUESTS)
                  .header(HttpHeaders.RETRY_AFTER, retryAfterSeconds(refusal.get().retryAfter()))
                  .bodyValue(WebhookResponse.rateLimited(refusal.get().message())));
    }
    return dispatched(deliveryId, decision, claim);
  }

  private Mono<ServerResponse> dispatched(
      String deliveryId, TriggerDecision decision, Claim claim) {
    return dispatcher
        .dispatch(decision)
        .flatMap(
            dispatched -> {
              if (dispatched.taskId() != null) {
                recentDeliveries.remember(deliveryId, dispatched.taskId());
              }
              return settle(claim, dispatched)
                  .then(answer(HttpStatus.ACCEPTED, WebhookResponse.of(dispatched)));
            })
        .onErrorResume(
            failure -> {
              log.warn("Delivery {} could not be acted on: {}", deliveryId, failure.toString());
              return release(claim)
                  .then(
                      answer(
                          HttpStatus.SERVICE_UNAVAILABLE,
                          WebhookResponse.error(
                              "the task queue is unavailable; redeliver this webhook later")));
            });
  }

  /** Keeps the body's claim if the delivery was accepted, else gives it back. */
  private Mono<Void> settle(Claim claim, Dispatched dispatched) {
    boolean accepted =
        dispatched.outcome() == Dispatched.Outcome.QUEUED
            || dispatched.outcome() == Dispatched.Outcome.ATTACHED;
    if (accepted && claim instanceof Claim.Won won) {
      return acceptedBodies.accepted(won, dispatched.taskId());
    }
    return release(claim);
  }

  private Mono<Void> release(Claim claim) {
    return claim instanceof Claim.Won won ? acceptedBodies.release(won) : Mono.empty();
  }

  /**
   * Asks the notifier to tell the requester why nothing happens; it answers once per person and
   * issue, so a flood of triggers gets one comment. Best effort: the 429 stands either way.
   */
  private Mono<Void> tellRequester(IssueTriggered event, TriggerRateLimits.Refusal refusal) {
    TriggerRefused refused =
        new TriggerRefused(
            TaskEvent.SCHEMA_VERSION,
            event.taskId(),
            event.deliveryId(),
            event.repository(),
            event.issue(),
            event.attempt(),
            event.trigger().requester(),
            "Kaka's limit is reached: " + refusal.message() + ". Try again later",
            event.occurredAt());
    return dispatcher
        .dispatch(new TriggerDecision.Refused(refused))
        .onErrorResume(
            unpublished -> {
              log.warn(
                  "Could not ask the notifier to explain a rate limit: {}", unpublished.toString());
              return Mono.empty();
            })
        .then();
  }

  private static String retryAfterSeconds(Duration wait) {
    return Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000));
  }

  /** 503 while the body budget is used up; by then every body being read has arrived or failed. */
  private Mono<ServerResponse> busy() {
    return redeliverLater(
        bodyTimeout, "too many deliveries are being received; redeliver this webhook later");
  }

  /** A failed delivery in GitHub's log, with when a redelivery may succeed. */
  private static Mono<ServerResponse> redeliverLater(Duration wait, String message) {
    return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, retryAfterSeconds(wait))
        .bodyValue(WebhookResponse.error(message));
  }

  private static Mono<ServerResponse> tooLarge() {
    return answer(HttpStatus.CONTENT_TOO_LARGE, WebhookResponse.error("the body is too large"));
  }

  private static Mono<ServerResponse> answer(Verdict.Refused refused) {
    return answer(refused.status(), WebhookResponse.error(refused.message()));
  }

  private static Mono<ServerResponse> answer(HttpStatus status, WebhookResponse body) {
    return ServerResponse.status(status).bodyValue(body);
  }

  /** The body did not arrive within {@code kaka.webhook.body-timeout}. */
  private static final class SlowBody extends RuntimeException {

    SlowBody() {
      super("the body took too long to arrive", null, false, false);
    }
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
