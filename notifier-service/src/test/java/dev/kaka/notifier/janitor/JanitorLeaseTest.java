package dev.kaka.notifier.janitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.kaka.testkit.mongo.MongoStandIn;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

/** Two replicas contending for the janitor's lease, on the MongoDB-wire stand-in. */
class JanitorLeaseTest {

  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
  private static final Duration TERM = Duration.ofMinutes(2);

  private static MongoClient client;
  private static MongoTemplate mongo;

  private final JanitorLease first = new JanitorLease(mongo, "notifier-a", TERM);
  private final JanitorLease second = new JanitorLease(mongo, "notifier-b", TERM);

  @BeforeAll
  static void connect() {
    client = MongoClients.create(MongoStandIn.shared().uri("janitor-lease-test"));
    mongo = new MongoTemplate(client, "janitor-lease-test");
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  @BeforeEach
  void free() {
    mongo.dropCollection(Lease.class);
  }

  @Test
  void aFreeLeaseGoesToOneReplicaWhichKeepsItByRenewing() {
    assertThat(first.acquire(T0)).isTrue();
    assertThat(second.acquire(T0)).isFalse();

    assertThat(first.acquire(T0.plus(TERM).minusSeconds(1))).isTrue();
    assertThat(second.acquire(T0.plus(TERM).plusSeconds(1))).isFalse();
  }

  @Test
  void anotherReplicaTakesTheLeaseOnceItsHolderLetItExpire() {
    assertThat(first.acquire(T0)).isTrue();

    assertThat(second.acquire(T0.plus(TERM))).isTrue();
    assertThat(first.acquire(T0.plus(TERM).plusSeconds(1))).isFalse();
  }
}
