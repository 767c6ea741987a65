package dev.kaka.notifier.github;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the notifier spaces its content-creating GitHub requests ({@code POST}, {@code PATCH}, {@code
 * PUT}, {@code DELETE}) under GitHub's secondary rate limits, per installation (or token), with a
 * budget that every notifier replica draws from. Each budget refills evenly, and after a quiet
 * spell allows its burst at once: in any minute at most {@code writesPerMinute + minuteBurst}
 * writes are made, in any hour at most {@code writesPerHour + hourBurst}. The defaults keep below
 * GitHub's limits by a margin, for clocks and latencies that differ from GitHub's.
 *
 * @param enabled whether writes are paced at all
 * @param writesPerMinute the writes a minute refills
 * @param minuteBurst the writes that may go at once, within the minute's budget
 * @param writesPerHour the writes an hour refills
 * @param hourBurst the writes that may go at once, within the hour's budget
 * @param longestWait the longest a write waits for its turn; one that would wait longer goes back
 *     to the listener's error handler, which tries the event again later, still in order
 * @param speedUp how many times faster than real time the pacer's minute and hour pass: for
 *     benchmarks against a fake GitHub whose limits are sped up by the same factor
 */
@Validated
@ConfigurationProperties("kaka.github.pacing")
public record GitHubPacingProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("60") @Min(1) int writesPerMinute,
    @DefaultValue("10") @Min(1) int minuteBurst,
    @DefaultValue("400") @Min(1) int writesPerHour,
    @DefaultValue("50") @Min(1) int hourBurst,
    @DefaultValue("30s") Duration longestWait,
    @DefaultValue("1") @Min(1) @Max(3600) int speedUp) {

  /** A minute as the pacer counts it: shorter by {@link #speedUp}. */
  Duration minute() {
    return Duration.ofMinutes(1).dividedBy(speedUp);
  }

  /** An hour as the pacer counts it: shorter by {@link #speedUp}. */
  Duration hour() {
    return Duration.ofHours(1).dividedBy(speedUp);
  }

  /**
   * The budget in a few words, part of the name its state is kept under: replicas configured alike
   * share one budget, and a changed budget starts afresh rather than from the old one's state.
   */
  String describe() {
    return writesPerMinute
        + "+"
        + minuteBurst
        + "/"
        + minute()
        + ","
        + writesPerHour
        + "+"
        + hourBurst
        + "/"
        + hour();
  }
}
