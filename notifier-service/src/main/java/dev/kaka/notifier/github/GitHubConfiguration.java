package dev.kaka.notifier.github;

import dev.kaka.support.github.AppPermissions;
import dev.kaka.support.github.AppPermissions.Access;
import dev.kaka.support.github.GitHubProperties;
import dev.kaka.support.github.RepositoryTokens;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.kohsuke.github.connector.GitHubConnector;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class GitHubConfiguration {

  private static final Duration LONGEST_WAIT_IN_CALL = Duration.ofSeconds(60);

  /**
   * What the notifier's installation tokens may do on a task's repository: open pull requests,
   * comment and label, and read the checks and workflow runs of its pull requests.
   */
  @Bean
  AppPermissions notifierAppPermissions() {
    return new AppPermissions(
        Map.of(
            "pull_requests", Access.WRITE,
            "issues", Access.WRITE,
            "checks", Access.READ,
            "actions", Access.READ));
  }

  @Bean
  GitHubGateway gitHubGateway(
      GitHubProperties properties,
      Optional<RepositoryTokens> tokens,
      GitHubResilienceProperties resilience,
      Optional<WritePacer> pacer,
      MeterRegistry registry) {
    GitHubConnector metered =
        new MeteredConnector(new TaskTagging(GitHubConnector.DEFAULT), registry);
    GitHubConnector paced =
        pacer
            .<GitHubConnector>map(
                writes -> new PacedWrites(metered, writes, properties.hasApp(), registry))
            .orElse(metered);
    RepositoryClients clients =
        new RepositoryClients(
            properties.apiUrl(),
            tokens.orElseThrow(GitHubConfiguration::noCredentials),
            new ConditionalReads(paced));
    return new ResilientGitHubGateway(
        new GitHubApiGateway(clients), retry(resilience), breaker(resilience));
  }

  private static IllegalStateException noCredentials() {
    return new IllegalStateException(
        "The notifier needs GitHub credentials: set a GitHub token (GITHUB_TOKEN), or a GitHub App"
            + " (kaka.github.app-id and kaka.github.app-private-key-file)");
  }

  private static Retry retry(GitHubResilienceProperties resilience) {
    return Retry.of(
        "github",
        RetryConfig.custom()
            .maxAttempts(resilience.maxAttempts())
            .intervalBiFunction(interval(resilience))
            // a write whose turn is far off goes back to the listener at once: trying again here
            // would only queue for a turn once more
            .retryOnException(
                failure -> GitHubFailures.isTransient(failure) && !WritePacer.isTurnTooFar(failure))
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
            // a rate limit says GitHub works and wants us to wait, and so does our own pacing: not
            // a reason to open the breaker
            .recordException(
                failure ->
                    GitHubFailures.isTransient(failure)
                        && !GitHubFailures.isRateLimited(failure)
                        && !WritePacer.isTurnTooFar(failure))
            .build());
  }
}
