package dev.kaka.notifier.github;

import dev.kaka.support.github.RepositoryTokens;
import org.kohsuke.github.authorization.AuthorizationProvider;

/**
 * github-api's authorization for one repository's calls: its current token, asked for on every
 * request, so that an installation token nearing its expiry is replaced without a new client.
 *
 * @throws dev.kaka.support.github.GitHubAppException from a request, if GitHub gave the App no
 *     token
 */
record RepositoryTokenAuthorization(RepositoryTokens tokens, String owner, String name)
    implements AuthorizationProvider {

  @Override
  public String getEncodedAuthorization() {
    return "token " + tokens.tokenFor(owner, name);
  }
}
