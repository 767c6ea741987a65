package dev.kaka.ingress.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class OverviewTest {

  static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  @Test
  void sumsUpTheLastDay() {
    Overview overview =
        Overview.of(
            List.of(
                task("octo/a", "completed", 30, 60_000, 0.5),
                task("octo/a", "completed", 90, 120_000, 0.25),
                task("octo/b", "failed", 60 * 5, 30_000, 2.0),
                task("octo/b", "running", 1, -1, null),
                task("octo/c", "queued", 60 * 23 + 30, -1, null)),
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
    Overview overview = Overview.of(List.of(task("octo/a", "running", 5, -1, null)), NOW);
    assertThat(overview.successRate()).isNull();
    assertThat(overview.medianDurationMs()).isNull();
    assertThat(overview.costByRepository()).isEmpty();
  }

  private static Document task(
      String repository, String status, int minutesAgo, long durationMs, Double cost) {
    Instant created = NOW.minus(Duration.ofMinutes(minutesAgo));
    Document task =
        new Document("repository", repository)
            .append("status", status)
            .append("createdAt", Date.from(created))
            .append("startedAt", Date.from(created));
    if (durationMs >= 0) {
      task.append("finishedAt", Date.from(created.plusMillis(durationMs)));
    }
    if (cost != null) {
      task.append("agent", new Document("costUsd", cost));
    }
    return task;
  }
}
