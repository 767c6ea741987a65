package dev.kaka.notifier.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.kaka.testkit.mongo.MongoStandIn;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

/** The write budgets that no notifier wrote for a day are deleted; the others are kept. */
class IdleBucketsTest {

  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  private static MongoClient client;
  private static MongoTemplate mongo;

  @BeforeAll
  static void connect() {
    client = MongoClients.create(MongoStandIn.shared().uri("idle-buckets-test"));
    mongo = new MongoTemplate(client, "idle-buckets-test");
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  @BeforeEach
  void empty() {
    mongo.dropCollection(MongoBucketStates.COLLECTION);
  }

  @Test
  void aBudgetUnwrittenForADayIsDeletedAndOneWrittenSinceIsKept() {
    write(T0, "idle", null, "a");
    write(T0, "busy", null, "a");
    write(T0.plus(Duration.ofHours(2)), "busy", "a", "b");

    new IdleBuckets(mongo, Clock.fixed(T0.plus(Duration.ofHours(25)), ZoneOffset.UTC)).deleteIdle();

    assertThat(state(T0, "idle")).isEmpty();
    assertThat(state(T0, "busy")).contains("b");
  }

  private static void write(Instant at, String key, String before, String after) {
    boolean swapped =
        new MongoBucketStates(mongo, Clock.fixed(at, ZoneOffset.UTC))
            .beginCompareAndSwapOperation(key)
            .compareAndSwap(bytes(before), bytes(after), null, Optional.empty());
    assertThat(swapped).isTrue();
  }

  private static Optional<String> state(Instant at, String key) {
    return new MongoBucketStates(mongo, Clock.fixed(at, ZoneOffset.UTC))
        .beginCompareAndSwapOperation(key)
        .getStateData(Optional.empty())
        .map(state -> new String(state, StandardCharsets.UTF_8));
  }

  private static byte[] bytes(String state) {
    return state == null ? null : state.getBytes(StandardCharsets.UTF_8);
  }
}
