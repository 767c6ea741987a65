package dev.kaka.bench.system;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Order statistics of measured figures (nearest rank: every figure reported was measured). */
public final class Stats {

  private Stats() {}

  /** The {@code p}-th percentile, 0 &lt; p ≤ 100, by the nearest-rank method. */
  public static double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(p / 100 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  public static double median(List<Double> values) {
    return percentile(values, 50);
  }

  public static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  public static double min(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  public static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  /** {@code 1,234 ms} */
  public static String millis(double value) {
    return String.format(Locale.ROOT, "%,.0f ms", value);
  }

  /** The figures as measured, in order, whole milliseconds: {@code [12, 15, 11]}. */
  public static String list(List<Double> values) {
    return values.stream()
        .map(value -> String.format(Locale.ROOT, "%.0f", value))
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
