package dev.kaka.notifier.github;

import dev.kaka.support.github.GitHubAppException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kohsuke.github.HttpException;

/** Tells a GitHub outage, which passes if we wait, from a refusal, which waiting does not cure. */
public final class GitHubFailures {

  private GitHubFailures() {}

  /**
   * Whether {@code failure} may succeed later unchanged: server errors, rate limits, and a GitHub
   * that cannot be reached. A missing repository, a rejected request or a refused token may not;
   * nor may a GitHub App that is not installed on the repository or lacks a permission.
   */
  public static boolean isTransient(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof GitHubAppException app) {
        return app.retryable();
      }
      if (cause instanceof FileNotFoundException) {
        return false;
      }
      if (cause instanceof HttpException http) {
        int status = http.getResponseCode();
        return status < 0
            || status >= 500
            || status == 429
            || status == 408
            || (status == 403
                && (String.valueOf(http.getMessage()).contains("rate limit")
                    || waitRequested(http, Clock.systemUTC()).isPresent()));
      }
      if (cause instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  /** Whether GitHub refused {@code failure} for its rate limit rather than for being broken. */
  static boolean isRateLimited(Throwable failure) {
    return waitRequested(failure, Clock.systemUTC()).isPresent();
  }

  /**
   * How long GitHub asked us to wait: {@code Retry-After} (secondary limits, 429), else the time
   * until {@code X-RateLimit-Reset} when {@code X-RateLimit-Remaining} is 0.
   */
  static Optional<Duration> waitRequested(Throwable failure, Clock clock) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof HttpException http && http.getResponseHeaderFields() != null) {
        Map<String, List<String>> headers = http.getResponseHeaderFields();
        Optional<Long> retryAfter = header(headers, "Retry-After");
        if (retryAfter.isPresent()) {
          return Optional.of(Duration.ofSeconds(Math.max(0, retryAfter.get())));
        }
        Optional<Long> reset = header(headers, "X-RateLimit-Reset");
        if (header(headers, "X-RateLimit-Remaining").orElse(1L) == 0 && reset.isPresent()) {
          Duration untilReset =
              Duration.between(clock.instant(), Instant.ofEpochSecond(reset.get()));
          return Optional.of(untilReset.isNegative() ? Duration.ZERO : untilReset);
        }
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static Optional<Long> header(Map<String, List<String>> headers, String name) {
    return headers.entrySet().stream()
        .filter(entry -> entry.getKey() != null && entry.getKey().equalsIgnoreCase(name))
        .flatMap(entry -> entry.getValue().stream())
        .findFirst()
        .flatMap(GitHubFailures::number);
  }

  private static Optional<Long> number(String value) {
    try {
      return Optional.of(Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
