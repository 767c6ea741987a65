package dev.kaka.taskstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;

class TaskRetentionTest {

  private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
  private static final TaskRetention THIRTY_DAYS = new TaskRetention(Duration.ofDays(30));

  private final StandInStore store = new StandInStore("task-retention-test");

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void onlyFinishedTasksLastUpdatedBeforeTheRetentionExpire() {
    save("completed-old", "completed", 31);
    save("failed-old", "failed", 40);
    save("cancelled-old", "cancelled", 365);
    save("completed-just-kept", "completed", 30);
    save("failed-recent", "failed", 1);
    save("queued-old", "queued", 100);
    save("running-old", "running", 100);

    assertThat(
            store.mongo.find(Query.query(THIRTY_DAYS.expiredAt(NOW)), TaskDocument.class).stream()
                .map(TaskDocument::id))
        .containsExactlyInAnyOrder("completed-old", "failed-old", "cancelled-old");
  }

  @Test
  void budgetWindowsExpireOnceTheyEndedMoreThanTheRetentionAgo() {
    store.mongo.dropCollection(BudgetDocument.class);
    // thirty days before NOW is 2026-11-01T00:00Z: October's windows ended then, November's not
    saveBudget("day", "2026-10-30");
    saveBudget("day", "2026-10-31");
    saveBudget("day", "2026-11-01");
    saveBudget("day", "2026-11-30");
    saveBudget("month", "2026-09");
    saveBudget("month", "2026-10");
    saveBudget("month", "2026-11");
    saveBudget("month", "2026-12");

    assertThat(
            store
                .mongo
                .find(Query.query(THIRTY_DAYS.budgetWindowsExpiredAt(NOW)), BudgetDocument.class)
                .stream()
                .map(BudgetDocument::period))
        .containsExactlyInAnyOrder("2026-10-30", "2026-10-31", "2026-09", "2026-10");
    assertThat(
            store
                .mongo
                .find(
                    Query.query(THIRTY_DAYS.budgetWindowsExpiredAt(NOW.minusSeconds(1))),
                    BudgetDocument.class)
                .stream()
                .map(BudgetDocument::period))
        .containsExactlyInAnyOrder("2026-10-30", "2026-09");
  }

  @Test
  void theRetentionIsNinetyDaysUnlessConfigured() {
    assertThat(bind(Map.of()).retention()).isEqualTo(Duration.ofDays(90));
    assertThat(bind(Map.of("kaka.tasks.retention", "14d")).retention())
        .isEqualTo(Duration.ofDays(14));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0s", "-1d"})
  void aRetentionThatIsNotPositiveIsRefused(String retention) {
    assertThatThrownBy(() -> bind(Map.of("kaka.tasks.retention", retention)))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("kaka.tasks.retention must be positive");
  }

  private void save(String id, String status, int daysSinceUpdate) {
    store
        .mongo
        .getCollection(TaskDocument.COLLECTION)
        .insertOne(
            new Document("_id", id)
                .append("status", status)
                .append("updatedAt", Date.from(NOW.minus(Duration.ofDays(daysSinceUpdate)))));
  }

  private void saveBudget(String window, String period) {
    store
        .mongo
        .getCollection(BudgetDocument.COLLECTION)
        .insertOne(
            new Document("_id", "repository:octo/hello:" + period)
                .append("scope", "repository")
                .append("name", "octo/hello")
                .append("window", window)
                .append("period", period));
  }

  private static TaskRetention bind(Map<String, String> properties) {
    try (LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean()) {
      validator.afterPropertiesSet();
      return new Binder(new MapConfigurationPropertySource(properties))
          .bindOrCreate(
              "kaka.tasks", Bindable.of(TaskRetention.class), new ValidationBindHandler(validator));
    }
  }
}
