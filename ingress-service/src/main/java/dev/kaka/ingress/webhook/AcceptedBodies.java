package dev.kaka.ingress.webhook;

import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The bodies of deliveries accepted lately, by SHA-256, in MongoDB where every replica sees them.
 * GitHub signs the body but not the {@code X-GitHub-Delivery} header, so a captured delivery could
 * otherwise be replayed for ever under new delivery ids, each starting a task.
 *
 * <p>A body is claimed before its trigger is dispatched (an insert keyed by the hash, which only
 * one replica can win), and the claim is given back unless the delivery is accepted, so a replay
 * sent to several replicas at once starts one task too. Expiry is checked on every read, as a TTL
 * index only removes documents now and then (and the local stand-in has none).
 *
 * <p>When MongoDB cannot be reached, deliveries are accepted unchecked: losing a request is worse
 * than a replay window, as with the task check in the trigger dispatcher. Such deliveries are
 * counted in {@code kaka.webhooks.replay.unchecked} and logged a few times a minute at most.
 */
final class AcceptedBodies {

  static final String COLLECTION = "webhook-bodies";

  private static final Logger log = LoggerFactory.getLogger(AcceptedBodies.class);
  // a claim whose delivery never finished (its replica died mid-request) blocks the body no
  // longer than GitHub waits for an answer, with room to spare
  private static final Duration ABANDONED_AFTER = Duration.ofMinutes(1);
  private static final Duration LOG_EVERY = Duration.ofSeconds(20);

  private final ReactiveMongoTemplate mongo;
  private final Duration window;
  private final Clock clock;
  private final Counter unchecked;
  private final AtomicLong nextLogAt = new AtomicLong(Long.MIN_VALUE);

  AcceptedBodies(ReactiveMongoTemplate mongo, Duration window, Clock clock, MeterRegistry meters) {
    this.mongo = mongo;
    this.window = window;
    this.clock = clock;
    this.unchecked =
        Counter.builder("kaka.webhooks.replay.unchecked")
            .description("Deliveries accepted without the replay check, as MongoDB was unreachable")
            .register(meters);
  }

  static String hashOf(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /**
   * Creates the TTL index that lets MongoDB remove expired bodies; retried in the background while
   * MongoDB is unreachable, as start-up must not wait for it.
   */
  void createIndex() {
    mongo
        .indexOps(COLLECTION)
        .createIndex(
            new Index().on("acceptedAt", Sort.Direction.ASC).named("acceptedAt-ttl").expire(window))
        .retryWhen(
            Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1))
                .maxBackoff(Duration.ofMinutes(1))
                .filter(AcceptedBodies::isUnreachable))
        .subscribe(
            created -> log.debug("Index {} on {} is in place", created, COLLECTION),
            failure ->
                log.warn(
                    "Could not create the TTL index on {}: {}. Expired bodies are "
                        + "still ignored, but not removed",
                    COLLECTION,
                    failure.toString()));
  }

  /** Claims the body for {@code deliveryId}: whether it is new, already accepted, or unchecked. */
  Mono<Claim> claim(String hash, String deliveryId) {
    Instant now = clock.instant();
    Document claim =
        new Document("_id", hash)
            .append("deliveryId", deliveryId)
            .append("acceptedAt", Date.from(now));
    return mongo
        .insert(claim, COLLECTION)
        .<Claim>thenReturn(new Claim.Won(hash, deliveryId))
        .onErrorResume(
            DuplicateKeyException.class, taken -> reclaimOrDuplicate(hash, deliveryId, now))
        .onErrorResume(failure -> Mono.just(unchecked(failure)));
  }

  /** Marks the claimed body as accepted for {@code taskId}, so a replay is told the task. */
  Mono<Void> accepted(Claim.Won claim, String taskId) {
    return mongo
        .updateFirst(
            mine(claim),
            new Update().set("taskId", taskId).set("acceptedAt", Date.from(clock.instant())),
            COLLECTION)
        .then()
        .onErrorResume(
            failure -> {
              logRateLimited(
                  "Could not record the body of delivery {} as accepted: {}",
                  claim.deliveryId(),
                  failure);
              return Mono.empty();
            });
  }

  /** Gives the claim back: the delivery was not accepted, so sending it again must count. */
  Mono<Void> release(Claim.Won claim) {
    return mongo
        .remove(mine(claim), COLLECTION)
        .then()
        .onErrorResume(
            failure -> {
              logRateLimited(
                  "Could not give back the claim of delivery {}: {}", claim.deliveryId(), failure);
              return Mono.empty();
            });
  }

  /**
   * The body was claimed before: taken over if that claim has expired or was abandoned, else the
   * delivery is a duplicate of the one that claimed it.
   */
  private Mono<Claim> reclaimOrDuplicate(String hash, String deliveryId, Instant now) {
    Date expired = Date.from(now.minus(window));
    Date abandoned = Date.from(now.minus(ABANDONED_AFTER));
    Query stale =
        Query.query(
            Criteria.where("_id")
                .is(hash)
                .orOperator(
                    Criteria.where("acceptedAt").lt(expired),
                    Criteria.where("taskId").exists(false).and("acceptedAt").lt(abandoned)));
    Update renewed =
        new Update()
            .set("deliveryId", deliveryId)
            .set("acceptedAt", Date.from(now))
            .unset("taskId");
    return mongo
        .findAndModify(
            stale,
            renewed,
            FindAndModifyOptions.options().returnNew(true),
            Document.class,
            COLLECTION)
        .<Claim>map(taken -> new Claim.Won(hash, deliveryId))
        .switchIfEmpty(
            Mono.defer(
                () ->
                    mongo
                        .findById(hash, Document.class, COLLECTION)
                        .map(first -> (Claim) new Claim.Duplicate(first.getString("taskId")))
                        // gone between the two reads: expired and removed just now, so it is new
                        .defaultIfEmpty(new Claim.Won(hash, deliveryId))));
  }

  private static Query mine(Claim.Won claim) {
    return Query.query(
        Criteria.where("_id").is(claim.hash()).and("deliveryId").is(claim.deliveryId()));
  }

  private Claim unchecked(Throwable failure) {
    unchecked.increment();
    logRateLimited(
        "Could not check delivery bodies for replays (accepted unchecked): {}{}", "", failure);
    return new Claim.Unchecked();
  }

  /** Logs at most once per {@link #LOG_EVERY}: an outage must not flood the log. */
  private void logRateLimited(String message, String argument, Throwable failure) {
    long now = clock.millis();
    long next = nextLogAt.get();
    if (now >= next && nextLogAt.compareAndSet(next, now + LOG_EVERY.toMillis())) {
      log.warn(message, argument, failure.toString());
    }
  }

  private static boolean isUnreachable(Throwable failure) {
    return failure instanceof DataAccessResourceFailureException
        || failure instanceof MongoTimeoutException
        || failure instanceof MongoSocketException;
  }

  /** What a delivery's body is to the replay check. */
  sealed interface Claim {

    /** Not accepted lately: this delivery holds the claim until it is accepted or given back. */
    record Won(String hash, String deliveryId) implements Claim {}

    /**
     * Accepted lately under another delivery id, for {@code taskId}; null while that delivery is
     * still being handled.
     */
    record Duplicate(String taskId) implements Claim {}

    /** MongoDB could not be asked: the delivery goes on unchecked. */
    record Unchecked() implements Claim {}
  }
}
