package dev.kaka.notifier.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.TaskCancelled;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.taskstore.BudgetDocument;
import dev.kaka.taskstore.TaskDocument;
import dev.kaka.taskstore.TaskIndexes;
import dev.kaka.testkit.github.FakeGitHub;
import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.testkit.mongo.MongoStandIn;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The running notifier keeps its task store indexed and pruned, by its clock and configuration. */
@SpringBootTest(properties = "kaka.tasks.retention=30d")
class TaskStoreUpkeepTest {

  private static final String TOKEN = "upkeep-test-token";
  private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
  private static final FakeGitHub GITHUB = startGitHub();
  private static final RepositoryRef REPO =
      new RepositoryRef("octo", "hello", "https://github.com/octo/hello.git", "main");
  private static final IssueRef ISSUE =
      new IssueRef(7, "Fix typo", "https://github.com/octo/hello/issues/7");

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
    registry.add("spring.mongodb.uri", () -> MongoStandIn.shared().uri("task-store-upkeep-test"));
    registry.add("kaka.github.api-url", GITHUB::apiUrl);
    registry.add("kaka.github.token", () -> TOKEN);
  }

  @TestConfiguration
  static class FixedClock {

    @Bean
    Clock clock() {
      return Clock.fixed(NOW, ZoneOffset.UTC);
    }
  }

  @Autowired MongoTemplate mongo;
  @Autowired TaskStore store;
  @Autowired RetentionSchedule retention;

  @AfterAll
  static void stopGitHub() {
    GITHUB.close();
  }

  @Test
  void theIndexesExistAfterStartUp() {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        mongo
                            .getCollection(TaskDocument.COLLECTION)
                            .listIndexes()
                            .into(new ArrayList<>()))
                    .extracting(index -> index.getString("name"))
                    .containsAll(
                        TaskIndexes.all().stream()
                            .map(index -> index.getIndexOptions().getString("name"))
                            .toList()));
  }

  @Test
  void theScheduledDeleteGoesByTheServiceClockAndTheConfiguredRetention() {
    store.project(cancelled("cancelled-31-days-ago", 31));
    store.project(cancelled("cancelled-29-days-ago", 29));

    retention.deleteExpired();

    assertThat(mongo.findById("cancelled-31-days-ago", TaskDocument.class)).isNull();
    assertThat(mongo.findById("cancelled-29-days-ago", TaskDocument.class)).isNotNull();
  }

  @Test
  void theScheduledDeleteTakesTheBudgetWindowsThatEndedBeforeTheRetention() {
    // thirty days before NOW is the first of November
    mongo.save(window("day", "2026-10-31"));
    mongo.save(window("day", "2026-11-01"));
    mongo.save(window("month", "2026-10"));
    mongo.save(window("month", "2026-11"));

    retention.deleteExpired();

    assertThat(mongo.findAll(BudgetDocument.class))
        .extracting(BudgetDocument::period)
        .containsExactlyInAnyOrder("2026-11-01", "2026-11");
  }

  private static BudgetDocument window(String window, String period) {
    return new BudgetDocument(
        "organisation:octo:" + period,
        "organisation",
        "octo",
        window,
        period,
        1L,
        1L,
        null,
        null,
        null,
        null);
  }

  private static TaskCancelled cancelled(String id, int daysAgo) {
    return new TaskCancelled(
        TaskEvent.SCHEMA_VERSION,
        id,
        "d-1",
        REPO,
        ISSUE,
        1,
        "alice",
        NOW.minus(Duration.ofDays(daysAgo)));
  }

  private static FakeGitHub startGitHub() {
    try {
      return FakeGitHub.start(Files.createTempDirectory("upkeep-github"), TOKEN);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
