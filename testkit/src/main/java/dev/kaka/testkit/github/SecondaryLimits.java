package dev.kaka.testkit.github;

import java.time.Duration;

/**
 * GitHub's secondary rate limits on content-creating requests, as {@link FakeGitHub} enforces them
 * when asked: at most {@code perMinute} writes in any {@code minute} and {@code perHour} in any
 * {@code hour}, per token or App installation.
 */
public record SecondaryLimits(int perMinute, Duration minute, int perHour, Duration hour) {

  public SecondaryLimits {
    if (perMinute < 1 || perHour < 1 || !positive(minute) || !positive(hour)) {
      throw new IllegalArgumentException(
          "Not limits: " + perMinute + " per " + minute + ", " + perHour + " per " + hour);
    }
  }

  private static boolean positive(Duration window) {
    return !window.isNegative() && !window.isZero();
  }

  /** GitHub's documented limits: 80 a minute and 500 an hour. */
  public static SecondaryLimits github() {
    return new SecondaryLimits(80, Duration.ofMinutes(1), 500, Duration.ofHours(1));
  }

  /** The same numbers over a minute and an hour {@code factor} times shorter. */
  public SecondaryLimits spedUp(int factor) {
    return new SecondaryLimits(
        perMinute, minute.dividedBy(factor), perHour, hour.dividedBy(factor));
  }
}
