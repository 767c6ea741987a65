package dev.kaka.support.github;

import java.net.URI;
import java.util.Locale;

/**
 * The GitHub server behind {@code kaka.github.api-url}: github.com, whose API has a host of its
 * own, or a GitHub Enterprise Server, whose API lives under {@code /api/v3} on the server's host.
 * One rule for everything Kaka derives from the API's address, so that an Enterprise installation
 * sets one URL: where repositories are cloned and pushed, which clone URLs a payload may name, and
 * the domain of the noreply addresses commits are attributed with.
 *
 * @param webUrl the server's address without a trailing slash, {@code https://github.com} or {@code
 *     https://HOST}
 * @param host the server's host name, {@code github.com} or {@code HOST}
 */
public record GitHubServer(String webUrl, String host) {

  private static final String GITHUB_API_HOST = "api.github.com";
  private static final GitHubServer GITHUB = new GitHubServer("https://github.com", "github.com");

  /** The server whose REST API is at {@code apiUrl}. */
  public static GitHubServer of(String apiUrl) {
    URI api = URI.create(apiUrl);
    String host = api.getHost().toLowerCase(Locale.ROOT);
    if (host.equals(GITHUB_API_HOST)) {
      return GITHUB;
    }
    String port = api.getPort() < 0 ? "" : ":" + api.getPort();
    return new GitHubServer(api.getScheme().toLowerCase(Locale.ROOT) + "://" + host + port, host);
  }

  /** The URL template of a repository's git remote, {@code {owner}} and {@code {name}} to fill. */
  public String remoteUrlTemplate() {
    return webUrl + "/{owner}/{name}.git";
  }
}
