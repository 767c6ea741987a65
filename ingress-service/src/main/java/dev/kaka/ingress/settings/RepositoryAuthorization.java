package dev.kaka.ingress.settings;

import dev.kaka.common.event.RepositoryRef;
import dev.kaka.support.github.RepositoryTokens;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The {@code Authorization} header of a call about one repository, with that repository's token. A
 * GitHub App's token may have to be minted, a blocking call to GitHub, so it is asked for off the
 * event loop.
 */
final class RepositoryAuthorization {

  static final int UNAUTHORIZED = 401;

  private final RepositoryTokens tokens;

  RepositoryAuthorization(RepositoryTokens tokens) {
    this.tokens = tokens;
  }

  /**
   * {@code Bearer <token>}; fails with {@link dev.kaka.support.github.GitHubAppException} if GitHub
   * gave the App no token.
   */
  Mono<String> header(RepositoryRef repository) {
    return Mono.fromCallable(
            () -> "Bearer " + tokens.tokenFor(repository.owner(), repository.name()))
        .subscribeOn(Schedulers.boundedElastic());
  }

  /** GitHub refused the repository's token as invalid: the next call brings a new one. */
  void refused(RepositoryRef repository) {
    tokens.refused(repository.owner(), repository.name());
  }
}
