package dev.kaka.taskstore;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * US dollars as whole millionths, the way budgets store them: sums of many runs' costs stay exact,
 * which sums of doubles would not, and MongoDB adds them atomically.
 */
public final class UsdMicros {

  private static final int SCALE = 6;

  private UsdMicros() {}

  /** {@code usd} in millionths, rounded to the nearest. */
  public static long of(BigDecimal usd) {
    return usd.setScale(SCALE, RoundingMode.HALF_UP).unscaledValue().longValueExact();
  }

  /** {@code micros} as dollars, to the cent or finer: {@code 0.30}, {@code 0.0216}. */
  public static BigDecimal usd(long micros) {
    BigDecimal usd = BigDecimal.valueOf(micros, SCALE).stripTrailingZeros();
    return usd.scale() < 2 ? usd.setScale(2, RoundingMode.UNNECESSARY) : usd;
  }
}
