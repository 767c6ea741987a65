package dev.kaka.support.github;

import java.util.Optional;

/**
 * Where a service gets the token for a repository: the one personal token, or as a GitHub App an
 * installation token restricted to that repository and to the service's {@link AppPermissions}. Ask
 * for each operation rather than keeping the answer: an installation token expires. The bean exists
 * only when a token or an App is configured.
 */
@FunctionalInterface
public interface RepositoryTokens {

  /**
   * A token for the repository {@code owner/name} that stays valid for at least {@link
   * InstallationTokens#RENEWAL_MARGIN}. A secret: never log it, never put it in an event or a
   * message.
   *
   * @throws GitHubAppException if GitHub gave the App no token for the repository
   */
  String tokenFor(String owner, String name);

  /**
   * GitHub refused the repository's token as invalid (401) before its time: revoked, or the App's
   * permissions changed. Forgets it, so that the next {@link #tokenFor} brings a new one.
   *
   * @return whether the next token may differ; a personal token stays the same
   */
  default boolean refused(String owner, String name) {
    return false;
  }

  /**
   * The tokens of a part of a service that asks for {@code permissions} of its own: the personal
   * token of {@code github}, else installation tokens of {@code app} restricted to {@code
   * permissions}; null when neither is configured, for a caller that then asks anonymously.
   */
  static RepositoryTokens of(
      GitHubProperties github, Optional<GitHubApp> app, AppPermissions permissions) {
    if (github.hasToken()) {
      return personal(github.token());
    }
    return app.<RepositoryTokens>map(gitHubApp -> new InstallationTokens(gitHubApp, permissions))
        .orElse(null);
  }

  /** The same personal token for every repository. */
  static RepositoryTokens personal(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("A personal token must not be blank");
    }
    String stripped = token.strip();
    return (owner, name) -> stripped;
  }
}
