package dev.kaka.support.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationTextTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "PT0S, 0s",
    "PT0.04S, 0s",
    "PT0.05S, 0.1s",
    "PT0.5S, 0.5s",
    "PT4.2S, 4.2s",
    "PT4.249S, 4.2s",
    "PT3S, 3s",
    "PT45S, 45s",
    "PT59.94S, 59.9s",
    "PT59.96S, 1m",
    "PT1M, 1m",
    "PT1M23.4S, 1m23s",
    "PT1M23.5S, 1m24s",
    "PT90S, 1m30s",
    "PT10M, 10m",
    "PT1H, 1h",
    "PT1H1M, 1h1m",
    "PT1H30M5S, 1h30m5s",
    "PT1H0M5S, 1h5s",
    "PT24H, 24h",
    "PT50H3M, 50h3m",
    "-PT2M, -2m"
  })
  void writesHoursMinutesAndSecondsWithoutTheZeroParts(Duration duration, String text) {
    assertThat(DurationText.of(duration)).isEqualTo(text);
  }
}
