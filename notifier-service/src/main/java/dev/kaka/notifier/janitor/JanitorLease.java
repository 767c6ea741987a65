package dev.kaka.notifier.janitor;

import java.time.Duration;
import java.time.Instant;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * The lease that lets one notifier replica at a time run the janitor: the {@code janitor} document
 * in {@value Lease#COLLECTION}. A replica takes it when it is free or expired and keeps it by
 * renewing it every round; the others find it held and stand by until it expires. One atomic upsert
 * decides, so it works alike on MongoDB and on the stand-in; replicas' clocks only need to agree to
 * well within the lease's term.
 */
final class JanitorLease {

  private static final String JANITOR = "janitor";

  private final MongoTemplate mongo;
  private final String holder;
  private final Duration term;

  JanitorLease(MongoTemplate mongo, String holder, Duration term) {
    this.mongo = mongo;
    this.holder = holder;
    this.term = term;
  }

  /** Takes or renews the lease at {@code now}; whether this replica holds it for its term. */
  boolean acquire(Instant now) {
    Query freeOrOurs =
        Query.query(
            Criteria.where("_id")
                .is(JANITOR)
                .orOperator(
                    Criteria.where(Lease.HOLDER).is(holder),
                    Criteria.where(Lease.EXPIRES_AT).lte(now)));
    Update take = new Update().set(Lease.HOLDER, holder).set(Lease.EXPIRES_AT, now.plus(term));
    try {
      mongo.upsert(freeOrOurs, take, Lease.class);
      return true;
    } catch (DuplicateKeyException heldByAnother) {
      // the lease exists but matched neither condition, so the upsert tried to insert it again
      return false;
    }
  }
}
