package dev.kaka.ingress.budget;

import static dev.kaka.taskstore.BudgetFields.COMMITTED;
import static dev.kaka.taskstore.BudgetFields.ID;
import static dev.kaka.taskstore.BudgetFields.NAME;
import static dev.kaka.taskstore.BudgetFields.PERIOD;
import static dev.kaka.taskstore.BudgetFields.RELEASES;
import static dev.kaka.taskstore.BudgetFields.RESERVATIONS;
import static dev.kaka.taskstore.BudgetFields.SCOPE;
import static dev.kaka.taskstore.BudgetFields.WARNED;
import static dev.kaka.taskstore.BudgetFields.WINDOW;

import dev.kaka.taskstore.BudgetDocument;
import dev.kaka.taskstore.BudgetKey;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The budgets' documents ({@link BudgetDocument}) as the ingress reads and reserves them. Each
 * reservation is one conditional update of one document, so that ingress replicas sharing the
 * database never together reserve past a limit: of two that saw the same amount left, the second
 * finds the document changed and reads again.
 */
@Component
class BudgetLedger {

  private final ReactiveMongoTemplate mongo;

  BudgetLedger(ReactiveMongoTemplate mongo) {
    this.mongo = mongo;
  }

  /** The documents of {@code keys} that exist, by id. */
  Mono<Map<String, BudgetDocument>> read(List<BudgetKey> keys) {
    List<String> ids = keys.stream().map(BudgetKey::id).toList();
    return mongo
        .find(Query.query(Criteria.where(ID).in(ids)), BudgetDocument.class)
        .collectMap(BudgetDocument::id, Function.identity());
  }

  /** The documents of the windows {@code periods}. */
  Flux<BudgetDocument> inPeriods(Collection<String> periods) {
    return mongo.find(Query.query(Criteria.where(PERIOD).in(periods)), BudgetDocument.class);
  }

  /**
   * Reserves {@code micros} for task {@code taskId} in {@code key}'s document, unless that would
   * take it past {@code limitMicros} (null for no limit). A task run again reserves anew once its
   * earlier reservation was released.
   *
   * @return false when the document changed since it was read and the reservation no longer fits
   */
  Mono<Boolean> reserve(BudgetKey key, String taskId, long micros, Long limitMicros) {
    String reservation = RESERVATIONS + "." + taskId;
    String release = RELEASES + "." + taskId;
    Criteria fits =
        Criteria.where(ID)
            .is(key.id())
            .orOperator(
                Criteria.where(reservation).exists(false), Criteria.where(release).exists(true));
    if (limitMicros != null) {
      fits = fits.and(COMMITTED).lte(limitMicros - micros);
    }
    Update update =
        new Update()
            .inc(COMMITTED, micros)
            .set(reservation, micros)
            .unset(release)
            .set(SCOPE, key.scope().storedName())
            .set(NAME, key.name())
            .set(WINDOW, key.window().storedName())
            .set(PERIOD, key.period());
    return mongo
        .upsert(Query.query(fits), update, BudgetDocument.class)
        .thenReturn(true)
        // the filter matched no document, and one with the id exists: the insert collides
        .onErrorResume(DuplicateKeyException.class, changed -> Mono.just(false));
  }

  /** Takes back a reservation that {@link #reserve} made, when the task's others did not fit. */
  Mono<Void> undo(BudgetKey key, String taskId, long micros) {
    String reservation = RESERVATIONS + "." + taskId;
    return mongo
        .updateFirst(
            Query.query(Criteria.where(ID).is(key.id()).and(reservation).is(micros)),
            new Update().inc(COMMITTED, -micros).unset(reservation),
            BudgetDocument.class)
        .then();
  }

  /** Whether this call is the first to claim {@code key}'s 80 % notice. */
  Mono<Boolean> claimNotice(BudgetKey key) {
    return mongo
        .updateFirst(
            Query.query(Criteria.where(ID).is(key.id()).and(WARNED).ne(true)),
            new Update().set(WARNED, true),
            BudgetDocument.class)
        .map(result -> result.getModifiedCount() == 1);
  }
}
