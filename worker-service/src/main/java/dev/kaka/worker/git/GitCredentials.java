package dev.kaka.worker.git;

import java.util.Objects;
import java.util.function.Supplier;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Where the token for remote git operations comes from. It is asked for on every operation, so a
 * rotated token (GitHub App installation tokens expire after an hour) is used without a restart,
 * and it is handed to JGit per operation instead of being written into a repository's config.
 */
public final class GitCredentials {

  /** The user name GitHub documents for token authentication over HTTPS. */
  private static final String TOKEN_USER = "x-access-token";

  private final Supplier<String> token;

  private GitCredentials(Supplier<String> token) {
    this.token = token;
  }

  /** No credentials: for public repositories and local remotes. */
  public static GitCredentials anonymous() {
    return new GitCredentials(() -> "");
  }

  /** A token asked for on each operation; a null or blank token means anonymous access. */
  public static GitCredentials token(Supplier<String> token) {
    return new GitCredentials(Objects.requireNonNull(token, "token"));
  }

  /** A provider for one operation, or null so that JGit sends no credentials at all. */
  CredentialsProvider provider() {
    String current = secret();
    return current.isEmpty() ? null : new UsernamePasswordCredentialsProvider(TOKEN_USER, current);
  }

  /**
   * The current token, or an empty string; only for use by the scrubber and {@link #provider()}.
   */
  String secret() {
    String current = token.get();
    return current == null ? "" : current.strip();
  }
}
