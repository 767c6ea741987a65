package dev.kaka.notifier.github;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AbstractCompareAndSwapBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AsyncCompareAndSwapOperation;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.CompareAndSwapOperation;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import java.time.Clock;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Bucket4j's buckets kept in MongoDB, one document per bucket in {@value #COLLECTION}, so that
 * every notifier replica draws from the same budget. Bucket4j's MongoDB module ({@code
 * bucket4j_jdk17-mongodb-sync}) is not on Maven Central; this is Bucket4j's compare-and-swap
 * contract on the few operations that MongoDB and the stand-in both serve: a read by id, an insert
 * that a duplicate id refuses, and an update that matches only the state read before. The state is
 * kept as Base64 text, which both compare alike, with when it was last written, for {@link
 * IdleBuckets}.
 */
final class MongoBucketStates extends AbstractCompareAndSwapBasedProxyManager<String> {

  static final String COLLECTION = "github-write-budgets";
  private static final String ID = "_id";
  private static final String STATE = "state";
  static final String TOUCHED_AT = "touchedAt";

  private final MongoTemplate mongo;
  private final Clock clock;

  MongoBucketStates(MongoTemplate mongo, Clock clock) {
    super(ClientSideConfig.getDefault());
    this.mongo = mongo;
    this.clock = clock;
  }

  @Override
  protected CompareAndSwapOperation beginCompareAndSwapOperation(String key) {
    return new CompareAndSwapOperation() {
      @Override
      public Optional<byte[]> getStateData(Optional<Long> timeoutNanos) {
        return Optional.ofNullable(mongo.findById(key, Document.class, COLLECTION))
            .map(document -> Base64.getDecoder().decode(document.getString(STATE)));
      }

      @Override
      public boolean compareAndSwap(
          byte[] before, byte[] after, RemoteBucketState state, Optional<Long> timeoutNanos) {
        return before == null ? insert(key, after) : replace(key, before, after);
      }
    };
  }

  private boolean insert(String key, byte[] state) {
    try {
      mongo.insert(
          new Document(ID, key).append(STATE, encode(state)).append(TOUCHED_AT, now()), COLLECTION);
      return true;
    } catch (DuplicateKeyException anotherReplicaWasFirst) {
      return false;
    }
  }

  private boolean replace(String key, byte[] before, byte[] after) {
    return mongo
            .updateFirst(
                query(where(ID).is(key).and(STATE).is(encode(before))),
                Update.update(STATE, encode(after)).set(TOUCHED_AT, now()),
                COLLECTION)
            .getMatchedCount()
        == 1;
  }

  private Date now() {
    return Date.from(clock.instant());
  }

  private static String encode(byte[] state) {
    return Base64.getEncoder().encodeToString(state);
  }

  @Override
  protected AsyncCompareAndSwapOperation beginAsyncCompareAndSwapOperation(String key) {
    throw new UnsupportedOperationException("The notifier paces its writes synchronously");
  }

  @Override
  protected CompletableFuture<Void> removeAsync(String key) {
    throw new UnsupportedOperationException("The notifier paces its writes synchronously");
  }

  @Override
  public void removeProxy(String key) {
    mongo.remove(query(where(ID).is(key)), COLLECTION);
  }

  @Override
  public boolean isAsyncModeSupported() {
    return false;
  }
}
