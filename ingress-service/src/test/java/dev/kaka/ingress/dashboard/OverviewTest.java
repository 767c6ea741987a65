package dev.kaka.ingress.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.taskstore.TaskDocument;
import dev.kaka.taskstore.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.convert.MappingMongoConverter;
import org.springframework.data.mongodb.core.convert.MongoCustomConversions;
import org.springframework.data.mongodb.core.convert.NoOpDbRefResolver;
import org.springframework.data.mongodb.core.mapping.MongoMappingContext;

class OverviewTest {

  static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final MappingMongoConverter STORE = converter();

  @Test
  void sumsUpTheLastDay() {
    Overview overview =
        Overview.of(
            List.of(
                task("octo/a", TaskStatus.COMPLETED, 30, 60_000, 0.5),
                task("octo/a", TaskStatus.COMPLETED, 90, 120_000, 0.25),
                task("octo/b", TaskStatus.FAILED, 60 * 5, 30_000, 2.0),
                task("octo/b", TaskStatus.RUNNING, 1, -1, null),
                task("octo/c", TaskStatus.QUEUED, 60 * 23 + 30, -1, null)),
            NOW);

    assertThat(overview.byStatus())
        .containsEntry("completed", 2)
        .containsEntry("failed", 1)
        .containsEntry("running", 1)
        .containsEntry("queued", 1)
        .containsEntry("cancelled", 0);
    assertThat(overview.successRate()).isEqualTo(2 / 3.0);
    assertThat(overview.medianDurationMs()).isEqualTo(60_000);
    assertThat(overview.costByRepository())
        .containsExactly(
            org.assertj.core.api.Assertions.entry("octo/b", 2.0),
            org.assertj.core.api.Assertions.entry("octo/a", 0.75));
    assertThat(overview.hourly()).hasSize(24);
    assertThat(overview.hourly().get(0)).containsEntry("queued", 1);
    assertThat(overview.hourly().get(23)).containsEntry("completed", 1).containsEntry("running", 1);
    assertThat(overview.hourly().get(22)).containsEntry("completed", 1);
  }

  @Test
  void saysNothingOfRatesBeforeAnyTaskFinished() {
    Overview overview = Overview.of(List.of(task("octo/a", TaskStatus.RUNNING, 5, -1, null)), NOW);
    assertThat(overview.successRate()).isNull();
    assertThat(overview.medianDurationMs()).isNull();
    assertThat(overview.costByRepository()).isEmpty();
  }

  /** A task as the notifier stores it, read as the overview reads it. */
  private static TaskDocument task(
      String repository, TaskStatus status, int minutesAgo, long durationMs, Double cost) {
    Instant created = NOW.minus(Duration.ofMinutes(minutesAgo));
    Document task =
        new Document("repository", repository)
            .append("status", status.storedName())
            .append("createdAt", Date.from(created))
            .append("startedAt", Date.from(created));
    if (durationMs >= 0) {
      task.append("finishedAt", Date.from(created.plusMillis(durationMs)));
    }
    if (cost != null) {
      task.append("agent", new Document("costUsd", cost));
    }
    return STORE.read(TaskDocument.class, task);
  }

  private static MappingMongoConverter converter() {
    MongoCustomConversions conversions = new MongoCustomConversions(List.of());
    MongoMappingContext mapping = new MongoMappingContext();
    mapping.setSimpleTypeHolder(conversions.getSimpleTypeHolder());
    MappingMongoConverter converter =
        new MappingMongoConverter(NoOpDbRefResolver.INSTANCE, mapping);
    converter.setCustomConversions(conversions);
    converter.afterPropertiesSet();
    return converter;
  }
}
