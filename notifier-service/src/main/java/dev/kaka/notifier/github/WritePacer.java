package dev.kaka.notifier.github;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Hands out turns for content-creating GitHub requests, one budget per installation (or token),
 * kept where every notifier replica draws from it. A write waits for its turn in the thread that
 * makes it, so the listener's events for an issue stay in order.
 */
final class WritePacer {

  private final ProxyManager<String> buckets;
  private final GitHubPacingProperties properties;
  private final Supplier<BucketConfiguration> configuration;

  WritePacer(ProxyManager<String> buckets, GitHubPacingProperties properties) {
    this.buckets = buckets;
    this.properties = properties;
    BucketConfiguration budget = budget(properties);
    this.configuration = () -> budget;
  }

  private static BucketConfiguration budget(GitHubPacingProperties properties) {
    return BucketConfiguration.builder()
        .addLimit(
            limit ->
                limit
                    .capacity(properties.minuteBurst())
                    .refillGreedy(properties.writesPerMinute(), properties.minute()))
        .addLimit(
            limit ->
                limit
                    .capacity(properties.hourBurst())
                    .refillGreedy(properties.writesPerHour(), properties.hour()))
        .build();
  }

  /**
   * Waits until {@code installation} may make one more write, and takes that turn.
   *
   * @return how long it waited
   * @throws WriteTurnTooFar when the turn is further away than the longest wait; no turn is taken
   */
  Duration awaitTurn(String installation) throws IOException {
    long start = System.nanoTime();
    boolean granted;
    try {
      granted =
          buckets
              .getProxy(installation + " " + properties.describe(), configuration)
              .asBlocking()
              .tryConsume(1, properties.longestWait());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while waiting to write to GitHub");
    }
    if (!granted) {
      throw new WriteTurnTooFar(installation, properties.longestWait());
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** Whether {@code failure} is, or was caused by, a {@link WriteTurnTooFar}. */
  static boolean isTurnTooFar(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof WriteTurnTooFar) {
        return true;
      }
    }
    return false;
  }

  /**
   * A write whose turn is further away than the longest wait: the event goes back to the listener,
   * which tries it again later. An {@link IOException}, so that it counts as a GitHub that cannot
   * be reached for now.
   */
  static final class WriteTurnTooFar extends IOException {

    WriteTurnTooFar(String installation, Duration longestWait) {
      super(
          "The writes to GitHub for "
              + installation
              + " are paced: the next turn is more than "
              + longestWait.toSeconds()
              + " s away");
    }
  }
}
