package dev.kaka.notifier.janitor;

import java.util.List;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

/** The dead-lettered triggers the janitor has still to look at. */
final class DeadLetters {

  // bounds what one round holds in memory; the next round finds the rest
  private static final int BATCH = 100;

  private final MongoTemplate mongo;

  DeadLetters(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  /** Keeps {@code deadLetter}; the same task and attempt again changes nothing. */
  void add(DeadLetter deadLetter) {
    mongo.save(deadLetter);
  }

  /** The oldest ones, first. */
  List<DeadLetter> oldest() {
    return mongo.find(new Query().with(Sort.by("deadLetteredAt")).limit(BATCH), DeadLetter.class);
  }

  void remove(DeadLetter deadLetter) {
    mongo.remove(deadLetter);
  }
}
