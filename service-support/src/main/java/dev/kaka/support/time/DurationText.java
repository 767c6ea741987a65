package dev.kaka.support.time;

import java.time.Duration;

/**
 * Durations as Kaka writes them for people (status comments, failure and refusal messages): {@code
 * 1h30m}, {@code 2m5s}, {@code 45s}, {@code 4.2s}. It is the form {@code .github/kaka.yml} and
 * Kaka's properties accept, so a limit quoted in a message can be copied into the settings.
 */
public final class DurationText {

  private static final long MILLIS_PER_TENTH = 100;
  private static final long TENTHS_PER_MINUTE = 600;
  private static final long SECONDS_PER_MINUTE = 60;
  private static final long SECONDS_PER_HOUR = 3600;

  private DurationText() {}

  /**
   * Hours, minutes and seconds, leaving out the parts that are zero; under a minute, seconds with a
   * tenth where there is one. Rounded to the nearest tenth, or second from a minute on.
   */
  public static String of(Duration duration) {
    if (duration.isNegative()) {
      return "-" + of(duration.negated());
    }
    long millis = duration.toMillis();
    long tenths = (millis + MILLIS_PER_TENTH / 2) / MILLIS_PER_TENTH;
    if (tenths < TENTHS_PER_MINUTE) {
      return tenths / 10 + (tenths % 10 == 0 ? "" : "." + tenths % 10) + "s";
    }
    long seconds = (millis + 500) / 1000;
    long hours = seconds / SECONDS_PER_HOUR;
    long minutes = seconds % SECONDS_PER_HOUR / SECONDS_PER_MINUTE;
    long rest = seconds % SECONDS_PER_MINUTE;
    return (hours > 0 ? hours + "h" : "")
        + (minutes > 0 ? minutes + "m" : "")
        + (rest > 0 ? rest + "s" : "");
  }
}
