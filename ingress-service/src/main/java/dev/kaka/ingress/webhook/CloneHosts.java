package dev.kaka.ingress.webhook;

import dev.kaka.common.event.RepositoryRef;
import dev.kaka.support.github.GitHubServer;
import java.util.List;
import java.util.Locale;

/**
 * The git hosts tasks may clone from and push to. The workers present the GitHub token to the clone
 * URL a payload names, so a payload signed by anyone who holds a webhook secret could otherwise
 * send the token to a host of their choosing.
 */
final class CloneHosts {

  private final List<String> prefixes;

  /**
   * @param prefixes URL prefixes such as {@code https://github.com/}, each ending in a slash
   */
  /** The configured prefixes, or else the server of GitHub's API. */
  static CloneHosts of(List<String> configured, GitHubServer server) {
    return new CloneHosts(configured.isEmpty() ? List.of(server.webUrl() + "/") : configured);
  }

  CloneHosts(List<String> prefixes) {
    this.prefixes = prefixes.stream().map(prefix -> prefix.toLowerCase(Locale.ROOT)).toList();
  }

  boolean allow(RepositoryRef repository) {
    String url = repository.cloneUrl().toLowerCase(Locale.ROOT);
    return prefixes.stream().anyMatch(url::startsWith);
  }
}
