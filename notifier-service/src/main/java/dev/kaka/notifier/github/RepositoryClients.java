package dev.kaka.notifier.github;

import dev.kaka.common.event.RepositoryRef;
import dev.kaka.support.github.RepositoryTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.connector.GitHubConnector;

/**
 * One github-api client per repository, authorized with that repository's token: a GitHub App's
 * installation token is good for its one repository only. Clients are kept, one per repository the
 * notifier has reported on; they share the metered connector.
 */
final class RepositoryClients {

  private final String apiUrl;
  private final RepositoryTokens tokens;
  private final GitHubConnector connector;
  private final ConcurrentMap<String, GitHub> clients = new ConcurrentHashMap<>();

  RepositoryClients(String apiUrl, RepositoryTokens tokens, GitHubConnector connector) {
    this.apiUrl = apiUrl;
    this.tokens = tokens;
    this.connector = connector;
  }

  GitHub of(RepositoryRef repository) {
    return clients.computeIfAbsent(
        repository.fullName().toLowerCase(Locale.ROOT), ignored -> create(repository));
  }

  /** GitHub refused the repository's token as invalid: the next call brings a new one. */
  void refused(RepositoryRef repository) {
    tokens.refused(repository.owner(), repository.name());
  }

  private GitHub create(RepositoryRef repository) {
    try {
      return new GitHubBuilder()
          .withEndpoint(apiUrl)
          .withAuthorizationProvider(
              new RepositoryTokenAuthorization(tokens, repository.owner(), repository.name()))
          .withConnector(connector)
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not set up a GitHub client", e);
    }
  }
}
