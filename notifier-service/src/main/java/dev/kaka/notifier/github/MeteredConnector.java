package dev.kaka.notifier.github;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * Counts every HTTP call the GitHub client makes, as {@code kaka_github_api_calls_total} by method
 * and outcome ({@code not_modified}: a conditional read GitHub does not count), and keeps the last
 * rate-limit budget GitHub reported as {@code kaka_github_rate_limit_remaining}. Retries inside the
 * client are separate calls.
 */
final class MeteredConnector implements GitHubConnector {

  private static final int NOT_MODIFIED = 304;

  private final GitHubConnector delegate;
  private final MeterRegistry registry;
  private final AtomicLong remaining = new AtomicLong(-1);

  MeteredConnector(GitHubConnector delegate, MeterRegistry registry) {
    this.delegate = delegate;
    this.registry = registry;
    Gauge.builder(
            "kaka.github.rate.limit.remaining",
            remaining,
            value -> value.get() < 0 ? Double.NaN : value.get())
        .description("Requests left in the current GitHub rate-limit window, as last reported")
        .register(registry);
  }

  @Override
  public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
    GitHubConnectorResponse response;
    try {
      response = delegate.send(request);
    } catch (IOException e) {
      count(request.method(), "io_error");
      throw e;
    }
    String left = response.header("X-RateLimit-Remaining");
    if (left != null && left.chars().allMatch(Character::isDigit) && !left.isEmpty()) {
      remaining.set(Long.parseLong(left));
    }
    count(
        request.method(),
        outcome(response.statusCode(), left, response.header("Retry-After") != null));
    return response;
  }

  /**
   * @param retryAfter whether the answer asks to wait: a 403 that does is a secondary rate limit
   */
  static String outcome(int status, String rateLimitRemaining, boolean retryAfter) {
    if (status == NOT_MODIFIED) {
      return "not_modified";
    }
    if (status < 400) {
      return "success";
    }
    if (status == 429 || status == 403 && ("0".equals(rateLimitRemaining) || retryAfter)) {
      return "rate_limited";
    }
    if (status == 404) {
      return "not_found";
    }
    return status < 500 ? "client_error" : "server_error";
  }

  private void count(String method, String outcome) {
    Counter.builder("kaka.github.api.calls")
        .description("HTTP calls to the GitHub API, by method and outcome")
        .tag("method", method)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }
}
