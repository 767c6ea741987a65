package dev.kaka.worker.git;

import dev.kaka.support.github.AppPermissions;
import dev.kaka.support.github.RepositoryTokens;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where the token for a repository's remote comes from: the personal token, or a GitHub App's
 * installation token for that one repository. It is asked for on every operation, so a token that
 * nears its expiry (an installation token lives an hour) is replaced without a restart, and it is
 * handed to JGit per operation instead of being written into a repository's config.
 */
public final class GitCredentials {

  /**
   * What the worker's installation tokens may do, on the one repository of a task: clone and push.
   * Pull requests and comments are the notifier's.
   */
  public static final AppPermissions APP_PERMISSIONS =
      new AppPermissions(Map.of("contents", AppPermissions.Access.WRITE));

  private final RepositoryTokens tokens;

  private GitCredentials(RepositoryTokens tokens) {
    this.tokens = tokens;
  }

  /** No credentials: for public repositories and local remotes. */
  public static GitCredentials anonymous() {
    return new GitCredentials((owner, name) -> "");
  }

  /** One token for every repository, asked for on each operation; blank means anonymous. */
  public static GitCredentials token(Supplier<String> token) {
    Objects.requireNonNull(token, "token");
    return new GitCredentials((owner, name) -> token.get());
  }

  /** A token per repository, as the service's {@link RepositoryTokens} hand them out. */
  public static GitCredentials of(RepositoryTokens tokens) {
    return new GitCredentials(Objects.requireNonNull(tokens, "tokens"));
  }

  /** The credentials of one repository's remote, for the operations of one workspace. */
  RemoteCredentials forRepository(String owner, String name) {
    return new RemoteCredentials(tokens, owner, name);
  }
}
