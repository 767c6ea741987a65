package dev.kaka.notifier.github;

import dev.kaka.common.event.RepositoryRef;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Every GitHub call behind a retry with back-off and a circuit breaker. Rate limits are waited out
 * inside the client, which honours {@code Retry-After} and {@code X-RateLimit-Reset}; what is still
 * failing after the retries goes back to the Kafka listener, whose error handler tries again later.
 */
class ResilientGitHubGateway implements GitHubGateway {

  private final GitHubGateway delegate;
  private final Retry retry;
  private final CircuitBreaker breaker;

  ResilientGitHubGateway(GitHubGateway delegate, Retry retry, CircuitBreaker breaker) {
    this.delegate = delegate;
    this.retry = retry;
    this.breaker = breaker;
  }

  @Override
  public PullRequestInfo ensurePullRequest(RepositoryRef repository, PullRequestDraft draft) {
    return call(() -> delegate.ensurePullRequest(repository, draft));
  }

  @Override
  public PullRequestInfo continuePullRequest(
      RepositoryRef repository, int number, PullRequestDraft draft) {
    return call(() -> delegate.continuePullRequest(repository, number, draft));
  }

  @Override
  public void upsertComment(RepositoryRef repository, int issueNumber, String marker, String body) {
    call(
        () -> {
          delegate.upsertComment(repository, issueNumber, marker, body);
          return null;
        });
  }

  @Override
  public void replaceLabel(
      RepositoryRef repository, int issueNumber, String label, Set<String> family) {
    call(
        () -> {
          delegate.replaceLabel(repository, issueNumber, label, family);
          return null;
        });
  }

  private <T> T call(Supplier<T> gitHubCall) {
    return Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, gitHubCall))
        .get();
  }
}
