package dev.kaka.testkit.github;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/** Failures queued by a test, each answering one REST call in place of the real handler. */
final class Faults {

  private final Queue<Supplier<ApiResponse>> pending = new ConcurrentLinkedQueue<>();
  private final JsonViews views;
  private final Clock clock;

  Faults(JsonViews views, Clock clock) {
    this.views = views;
    this.clock = clock;
  }

  void failNext(int count, int status) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("An injected failure needs an error status: " + status);
    }
    enqueue(
        count,
        () ->
            new ApiResponse(
                status,
                views.error("Injected failure with status " + status, List.of()),
                Map.of()));
  }

  /**
   * GitHub's primary rate limit: 403 with no requests remaining. github-api recognises it by {@code
   * X-RateLimit-Remaining: 0} and, by default, sleeps until {@code X-RateLimit-Reset} and retries.
   */
  void rateLimitNext(int count, Duration retryAfter) {
    long seconds = (retryAfter.toMillis() + 999) / 1000;
    // Computed per response, so that a client sleeping until the reset sleeps about retryAfter.
    enqueue(
        count,
        () -> {
          long reset = clock.instant().getEpochSecond() + seconds;
          return new ApiResponse(
              403,
              views.error("API rate limit exceeded for installation.", List.of()),
              Map.of(
                  "Retry-After", Long.toString(seconds),
                  "X-RateLimit-Limit", Long.toString(ApiServlet.RATE_LIMIT),
                  "X-RateLimit-Remaining", "0",
                  "X-RateLimit-Used", Long.toString(ApiServlet.RATE_LIMIT),
                  "X-RateLimit-Reset", Long.toString(reset)));
        });
  }

  Optional<ApiResponse> next() {
    return Optional.ofNullable(pending.poll()).map(Supplier::get);
  }

  private void enqueue(int count, Supplier<ApiResponse> fault) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    for (int i = 0; i < count; i++) {
      pending.add(fault);
    }
  }
}
