package dev.kaka.ingress.trigger;

import com.mongodb.client.result.DeleteResult;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The checks that failed on each head commit of Kaka's pull requests, in MongoDB where every
 * replica sees them: the first failure of a head is told apart from the later ones by an upsert
 * that only one delivery can make, so a head gets one fix task however many checks fail on it. The
 * ingress owns the collection, and forgets old heads ({@link FailedHeadsRetention}).
 */
@Component
class FailedHeads {

  static final String COLLECTION = "failed-checks";

  private final ReactiveMongoTemplate mongo;
  private final Clock clock;

  FailedHeads(ReactiveMongoTemplate mongo, Clock clock) {
    this.mongo = mongo;
    this.clock = clock;
  }

  /** What is known of a head once a check failed on it. */
  record Head(boolean first, List<String> checks) {}

  /** Records that {@code check} failed on the head {@code key}. */
  Mono<Head> failed(String key, String check) {
    Update update =
        new Update().addToSet("checks", check).setOnInsert("firstAt", Date.from(clock.instant()));
    return mongo
        .findAndModify(
            Query.query(Criteria.where("_id").is(key)),
            update,
            FindAndModifyOptions.options().upsert(true).returnNew(false),
            Document.class,
            COLLECTION)
        .map(before -> new Head(false, with(before.getList("checks", String.class), check)))
        .defaultIfEmpty(new Head(true, List.of(check)));
  }

  /** Forgets the head, when what its first failure asked for could not be done. */
  Mono<Void> forget(String key) {
    return mongo.remove(Query.query(Criteria.where("_id").is(key)), COLLECTION).then();
  }

  /** Forgets the heads whose first failure came before {@code before}; how many. */
  Mono<Long> forgetFirstFailedBefore(Instant before) {
    return mongo
        .remove(Query.query(Criteria.where("firstAt").lt(Date.from(before))), COLLECTION)
        .map(DeleteResult::getDeletedCount);
  }

  private static List<String> with(List<String> known, String check) {
    List<String> checks = new ArrayList<>(known == null ? List.of() : known);
    if (!checks.contains(check)) {
      checks.add(check);
    }
    return checks;
  }
}
