package dev.kaka.worker.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TriggerAgeTest {

  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
  private static final TriggerAge DAY =
      new TriggerAge(Duration.ofDays(1), Clock.fixed(NOW, ZoneOffset.UTC));

  @ParameterizedTest
  @CsvSource({"PT0S", "PT1H", "PT24H"})
  void aTriggerNoOlderThanTheLimitRuns(Duration age) {
    assertThat(DAY.staleness(TestTasks.onIssue(NOW.minus(age)))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"PT24H1S, 24h1s", "P2D, 48h"})
  void anOlderOneIsNotRunAndTheReasonSaysWhenItWasAskedForAndWhichSettingLimitsIt(
      Duration age, String readableAge) {
    Instant asked = NOW.minus(age);

    assertThat(DAY.staleness(TestTasks.onIssue(asked)))
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .startsWith("The request is from " + asked + ", " + readableAge + " before")
                    .contains("longer than the 24h Kaka waits (`kaka.worker.max-trigger-age`)"));
  }
}
