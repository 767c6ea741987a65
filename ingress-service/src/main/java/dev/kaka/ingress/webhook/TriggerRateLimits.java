package dev.kaka.ingress.webhook;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.support.time.DurationText;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * How many tasks one GitHub user and one repository may start: a Resilience4j rate limiter per
 * sender and per repository, created on first use and forgotten once idle, so strangers cannot grow
 * the memory without bound. Every refusal is counted in {@code kaka.triggers.rate.limited}, tagged
 * with the limit that refused it.
 */
final class TriggerRateLimits {

  /** Limiters kept at most per kind; beyond, the least recently used are dropped. */
  private static final int MAX_TRACKED = 100_000;

  private final Kind senders;
  private final Kind repositories;

  TriggerRateLimits(WebhookProperties.RateLimit limits, MeterRegistry meters, Ticker ticker) {
    this.senders = new Kind("sender", limits.perSender(), meters, ticker);
    this.repositories = new Kind("repository", limits.perRepository(), meters, ticker);
  }

  /** Takes one permit for the task's requester and repository; the refusal if either is used up. */
  Optional<Refusal> admit(IssueTriggered event) {
    String sender = event.trigger().requester();
    Optional<Refusal> refusal =
        senders.admit(sender, "@" + sender + " started the most tasks allowed");
    if (refusal.isEmpty()) {
      String repository = event.repository().fullName();
      refusal = repositories.admit(repository, repository + " had the most tasks allowed");
    }
    return refusal;
  }

  /**
   * A trigger over a limit.
   *
   * @param message says which limit, for GitHub's delivery log
   * @param retryAfter when the next permit is free
   */
  record Refusal(String message, Duration retryAfter) {}

  /** The limiters of one kind of key. */
  private static final class Kind {

    private final WebhookProperties.Limit limit;
    private final LoadingCache<String, AtomicRateLimiter> limiters;
    private final Counter refused;

    Kind(String name, WebhookProperties.Limit limit, MeterRegistry meters, Ticker ticker) {
      this.limit = limit;
      RateLimiterConfig config =
          RateLimiterConfig.custom()
              .limitForPeriod(limit.limit())
              .limitRefreshPeriod(limit.period())
              .timeoutDuration(Duration.ZERO)
              .build();
      // kept for a full period after last use, so forgetting a key never renews its allowance early
      this.limiters =
          Caffeine.newBuilder()
              .maximumSize(MAX_TRACKED)
              .expireAfterAccess(limit.period())
              .ticker(ticker)
              // housekeeping on the request's own thread, instead of waking a pool thread for it
              .executor(Runnable::run)
              .build(key -> new AtomicRateLimiter(name + ":" + key, config, ticker::read));
      this.refused =
          Counter.builder("kaka.triggers.rate.limited")
              .description("Triggers refused because a rate limit was used up")
              .tag("limit", name)
              .register(meters);
    }

    Optional<Refusal> admit(String key, String what) {
      AtomicRateLimiter limiter = limiters.get(key.toLowerCase(Locale.ROOT));
      if (limiter.acquirePermission()) {
        return Optional.empty();
      }
      refused.increment();
      Duration retryAfter = Duration.ofNanos(limiter.getDetailedMetrics().getNanosToWait());
      return Optional.of(
          new Refusal(
              what
                  + " ("
                  + limit.limit()
                  + " per "
                  + DurationText.of(limit.period())
                  + "); try again later",
              retryAfter));
    }
  }
}
