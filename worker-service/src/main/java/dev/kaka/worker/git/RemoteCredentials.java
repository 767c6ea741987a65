package dev.kaka.worker.git;

import dev.kaka.support.github.RepositoryTokens;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * The credentials of one repository's remote for one workspace. Every token it hands to JGit is
 * remembered, so that whatever leaves the workspace (an error message, a pushed file) can be
 * checked for each of them, also for one replaced between a clone and a push.
 */
final class RemoteCredentials {

  /** The user name GitHub documents for token authentication over HTTPS. */
  private static final String TOKEN_USER = "x-access-token";

  private final RepositoryTokens tokens;
  private final String owner;
  private final String name;
  private final Set<String> handedOut = new CopyOnWriteArraySet<>();

  RemoteCredentials(RepositoryTokens tokens, String owner, String name) {
    this.tokens = tokens;
    this.owner = owner;
    this.name = name;
  }

  /**
   * A provider for one operation, or null so that JGit sends no credentials at all.
   *
   * @throws dev.kaka.support.github.GitHubAppException if GitHub gave the App no token
   */
  CredentialsProvider provider() {
    String current = tokens.tokenFor(owner, name);
    current = current == null ? "" : current.strip();
    if (current.isEmpty()) {
      return null;
    }
    handedOut.add(current);
    return new UsernamePasswordCredentialsProvider(TOKEN_USER, current);
  }

  /**
   * The remote refused the token although it should still be valid (an installation token revoked
   * early); returns whether the next {@link #provider()} brings a different one.
   */
  boolean renew() {
    return tokens.refused(owner, name);
  }

  /** Every token handed out so far; only for the scrubber and the leak check. */
  List<String> secrets() {
    return List.copyOf(handedOut);
  }
}
