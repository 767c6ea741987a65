package dev.kaka.notifier.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kohsuke.github.GHFileNotFoundException;
import org.kohsuke.github.HttpException;

class GitHubFailuresTest {

  private static final Clock NOW = Clock.fixed(Instant.ofEpochSecond(1_000_000), ZoneOffset.UTC);

  @ParameterizedTest
  @CsvSource({
    "500, Server Error, true",
    "502, Bad Gateway, true",
    "429, Too Many Requests, true",
    "403, API rate limit exceeded for installation., true",
    "403, Resource not accessible by integration, false",
    "422, Validation Failed, false",
    "401, Bad credentials, false"
  })
  void tellsAnOutageFromARefusal(int status, String message, boolean transientFailure) {
    assertThat(GitHubFailures.isTransient(wrapped(http(status, message, Map.of()))))
        .isEqualTo(transientFailure);
  }

  @Test
  void anUnreachableGitHubIsTransientAndAMissingRepositoryIsNot() {
    assertThat(GitHubFailures.isTransient(wrapped(new ConnectException("refused")))).isTrue();
    assertThat(GitHubFailures.isTransient(wrapped(new GHFileNotFoundException("gone")))).isFalse();
  }

  @Test
  void retryAfterSaysHowLongToWait() {
    HttpException limited = http(429, "slow down", Map.of("Retry-After", List.of("7")));

    assertThat(GitHubFailures.waitRequested(wrapped(limited), NOW)).contains(Duration.ofSeconds(7));
  }

  @Test
  void anExhaustedRateLimitWaitsUntilItsReset() {
    HttpException limited =
        http(
            403,
            "API rate limit exceeded",
            Map.of("x-ratelimit-remaining", List.of("0"), "x-ratelimit-reset", List.of("1000042")));

    assertThat(GitHubFailures.waitRequested(wrapped(limited), NOW))
        .contains(Duration.ofSeconds(42));
    assertThat(GitHubFailures.isRateLimited(limited)).isTrue();
  }

  @Test
  void aServerErrorAsksForNoParticularWait() {
    assertThat(GitHubFailures.waitRequested(http(500, "boom", Map.of()), NOW))
        .isEqualTo(Optional.empty());
  }

  private static GitHubCallException wrapped(IOException cause) {
    return new GitHubCallException("Could not comment", cause);
  }

  private static HttpException http(int status, String message, Map<String, List<String>> headers) {
    return new HttpException(message, status, message, "https://api.github.com/x") {
      {
        responseHeaderFields = headers;
      }
    };
  }
}
