package dev.kaka.taskstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BudgetWindowTest {

  @ParameterizedTest
  @CsvSource({
    "DAY, 2026-12-03T23:59:59Z, 2026-12-03, 2026-12-04T00:00:00Z",
    "DAY, 2026-12-31T10:00:00Z, 2026-12-31, 2027-01-01T00:00:00Z",
    "MONTH, 2026-12-03T10:00:00Z, 2026-12, 2027-01-01T00:00:00Z",
    "MONTH, 2026-02-28T23:00:00Z, 2026-02, 2026-03-01T00:00:00Z"
  })
  void windowsAreUtcCalendarDaysAndMonths(
      BudgetWindow window, Instant at, String period, Instant renewsAt) {
    assertThat(window.period(at)).isEqualTo(period);
    assertThat(window.renewsAt(at)).isEqualTo(renewsAt);
  }

  @ParameterizedTest
  @CsvSource({"0.3, 300000, 0.30", "0.0216, 21600, 0.0216", "1, 1000000, 1.00", "0, 0, 0.00"})
  void dollarsAreKeptAsExactMillionths(BigDecimal usd, long micros, String shown) {
    assertThat(UsdMicros.of(usd)).isEqualTo(micros);
    assertThat(UsdMicros.usd(micros).toPlainString()).isEqualTo(shown);
  }
}
