package dev.kaka.ingress.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import dev.kaka.taskstore.TaskRetention;
import dev.kaka.testkit.mongo.MongoStandIn;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

/**
 * The failed checks of each head commit, as several deliveries report them, until the task store's
 * retention lets them go ({@link FailedHeadsRetention}).
 */
class FailedHeadsTest {

  private static MongoClient client;
  private static ReactiveMongoTemplate mongo;

  private final FailedHeads heads = new FailedHeads(mongo, Clock.systemUTC());

  @BeforeAll
  static void connect() {
    client = MongoClients.create(MongoStandIn.shared().uri("failed-heads-test"));
    mongo = new ReactiveMongoTemplate(client, "failed-heads-test");
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  @BeforeEach
  void empty() {
    mongo.dropCollection(FailedHeads.COLLECTION).block();
  }

  @Test
  void onlyTheFirstFailureOfAHeadIsFirstAndEachNamesTheChecksSoFar() {
    assertThat(heads.failed("octo/hello#9@abc", "build").block())
        .isEqualTo(new FailedHeads.Head(true, List.of("build")));
    assertThat(heads.failed("octo/hello#9@abc", "lint").block())
        .isEqualTo(new FailedHeads.Head(false, List.of("build", "lint")));
    assertThat(heads.failed("octo/hello#9@abc", "build").block())
        .isEqualTo(new FailedHeads.Head(false, List.of("build", "lint")));
    assertThat(heads.failed("octo/hello#9@def", "build").block().first()).isTrue();
  }

  @Test
  void aForgottenHeadFailsForTheFirstTimeAgain() {
    heads.failed("octo/hello#9@abc", "build").block();

    heads.forget("octo/hello#9@abc").block();

    assertThat(heads.failed("octo/hello#9@abc", "build").block().first()).isTrue();
  }

  @Test
  void aHeadWhoseFirstFailureIsOlderThanTheRetentionIsForgottenAndFailsForTheFirstTimeAgain() {
    Instant now = Instant.parse("2026-12-01T00:00:00Z");
    headsAt(now.minus(Duration.ofDays(31))).failed("octo/hello#9@old", "build").block();
    FailedHeads recent = headsAt(now.minus(Duration.ofDays(29)));
    recent.failed("octo/hello#9@recent", "build").block();
    // a later failure of the old head does not make it younger: its first one counts
    headsAt(now).failed("octo/hello#9@old", "lint").block();

    new FailedHeadsRetention(
            recent, new TaskRetention(Duration.ofDays(30)), Clock.fixed(now, ZoneOffset.UTC))
        .forgetExpired()
        .block();

    assertThat(headsAt(now).failed("octo/hello#9@old", "build").block().first()).isTrue();
    assertThat(headsAt(now).failed("octo/hello#9@recent", "build").block().first()).isFalse();
  }

  private static FailedHeads headsAt(Instant at) {
    return new FailedHeads(mongo, Clock.fixed(at, ZoneOffset.UTC));
  }
}
