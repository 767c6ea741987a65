package dev.kaka.notifier.github;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.connector.GitHubConnector;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class GitHubConfiguration {

  private static final Duration LONGEST_WAIT_IN_CALL = Duration.ofSeconds(60);

  @Bean
  GitHubGateway gitHubGateway(
      GitHubProperties properties, GitHubResilienceProperties resilience, MeterRegistry registry)
      throws IOException {
    GitHub github =
        new GitHubBuilder()
            .withEndpoint(properties.apiUrl())
            .withOAuthToken(properties.token())
            .withConnector(new MeteredConnector(GitHubConnector.DEFAULT, registry))
            .build();
    return new ResilientGitHubGateway(
        new GitHubApiGateway(github), retry(resilience), breaker(resilience));
  }

  private static Retry retry(GitHubResilienceProperties resilience) {
    return Retry.of(
        "github",
        RetryConfig.custom()
            .maxAttempts(resilience.maxAttempts())
            .intervalBiFunction(interval(resilience))
            .retryOnException(GitHubFailures::isTransient)
            // an open breaker says GitHub is down: retrying at once would only be refused again
            .ignoreExceptions(CallNotPermittedException.class)
            .build());
  }

  /**
   * Exponential back-off, or longer when GitHub asks for it ({@code Retry-After}, rate-limit
   * reset), up to {@link #LONGEST_WAIT_IN_CALL}: a longer wait goes back to the listener's error
   * handler, so that the consumer keeps polling.
   */
  private static IntervalBiFunction<Object> interval(GitHubResilienceProperties resilience) {
    IntervalFunction backOff =
        IntervalFunction.ofExponentialBackoff(resilience.initialBackOff(), 2.0);
    return (attempt, outcome) -> {
      long millis = backOff.apply(attempt);
      if (outcome.isLeft()) {
        millis =
            GitHubFailures.waitRequested(outcome.getLeft(), Clock.systemUTC())
                .map(wait -> Math.max(wait.toMillis() + 1_000, backOff.apply(attempt)))
                .orElse(millis);
      }
      return Math.min(millis, LONGEST_WAIT_IN_CALL.toMillis());
    };
  }

  private static CircuitBreaker breaker(GitHubResilienceProperties resilience) {
    return CircuitBreaker.of(
        "github",
        CircuitBreakerConfig.custom()
            .slidingWindowSize(20)
            .minimumNumberOfCalls(10)
            .failureRateThreshold(resilience.failureRateThreshold())
            .waitDurationInOpenState(resilience.openFor())
            .permittedNumberOfCallsInHalfOpenState(2)
            // a rate limit says GitHub works and wants us to wait: not a reason to open the breaker
            .recordException(
                failure ->
                    GitHubFailures.isTransient(failure) && !GitHubFailures.isRateLimited(failure))
            .build());
  }
}
