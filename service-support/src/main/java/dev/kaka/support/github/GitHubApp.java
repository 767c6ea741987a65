package dev.kaka.support.github;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.kohsuke.github.GHApp;
import org.kohsuke.github.GHAppInstallation;
import org.kohsuke.github.GHAppInstallationToken;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.extras.authorization.JWTTokenProvider;

/**
 * The GitHub App itself, authenticated with a JWT signed by its private key (github-api's {@link
 * JWTTokenProvider} makes and renews it): finds a repository's installation and mints installation
 * tokens. Thread-safe. Rate limits fail at once instead of being waited out: a caller such as a
 * webhook answer cannot wait for GitHub's next window.
 */
public final class GitHubApp {

  private final GitHub client;
  private final String apiUrl;

  /** Installations by repository; one is forgotten when GitHub says it is gone. */
  private final ConcurrentMap<String, GHAppInstallation> installations = new ConcurrentHashMap<>();

  private volatile GHApp app;
  private volatile AppBot bot;

  private GitHubApp(GitHub client, String apiUrl) {
    this.client = client;
    this.apiUrl = apiUrl;
  }

  /**
   * The App of {@code kaka.github.app-id}, with its key read from {@code
   * kaka.github.app-private-key-file}; asks GitHub nothing yet.
   *
   * @throws IllegalArgumentException if the key file holds no usable key
   */
  public static GitHubApp connect(GitHubProperties properties) {
    PrivateKey key = AppPrivateKey.load(properties.appPrivateKeyFile());
    try {
      GitHub client =
          new GitHubBuilder()
              .withEndpoint(properties.apiUrl())
              .withAuthorizationProvider(
                  new JWTTokenProvider(String.valueOf(properties.appId()), key))
              .withRateLimitHandler(GitHubRateLimitHandler.FAIL)
              .withAbuseLimitHandler(GitHubAbuseLimitHandler.FAIL)
              .build();
      return new GitHubApp(client, properties.apiUrl());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not set up the GitHub App's client", e);
    }
  }

  /**
   * A new installation token for the repository {@code owner/name} alone, with {@code permissions}
   * alone.
   *
   * @throws GitHubAppException if GitHub gives none
   */
  InstallationToken mint(String owner, String name, AppPermissions permissions) {
    String repository = owner + "/" + name;
    String key = repository.toLowerCase(Locale.ROOT);
    try {
      GHAppInstallationToken token =
          installation(key, owner, name)
              .createToken()
              .repositories(List.of(name))
              .permissions(permissions.toGitHub())
              .create();
      return new InstallationToken(token.getToken(), token.getExpiresAt().toInstant());
    } catch (IOException e) {
      if (e instanceof FileNotFoundException) {
        // uninstalled, or installed again under a new id: look it up afresh next time
        installations.remove(key);
      }
      throw AppFailures.token(repository, permissions, e);
    }
  }

  private GHAppInstallation installation(String key, String owner, String name) throws IOException {
    GHAppInstallation known = installations.get(key);
    if (known != null) {
      return known;
    }
    GHAppInstallation found = app().getInstallationByRepository(owner, name);
    installations.put(key, found);
    return found;
  }

  private GHApp app() throws IOException {
    GHApp known = app;
    if (known == null) {
      known = client.getApp();
      app = known;
    }
    return known;
  }

  /**
   * The App's bot user, asked of GitHub once: the App's slug ({@code GET /app}), then the bot's
   * user id ({@code GET /users/slug[bot]}, with an installation token, since GitHub takes the App's
   * own JWT only for App endpoints).
   *
   * @param installationToken a token of any of the App's installations
   * @throws GitHubAppException if GitHub does not say
   */
  public AppBot bot(String installationToken) {
    AppBot known = bot;
    if (known != null) {
      return known;
    }
    try {
      String slug = app().getSlug();
      GitHub asInstallation =
          new GitHubBuilder()
              .withEndpoint(apiUrl)
              .withAppInstallationToken(installationToken)
              .withRateLimitHandler(GitHubRateLimitHandler.FAIL)
              .build();
      known = new AppBot(slug, asInstallation.getUser(slug + "[bot]").getId());
      bot = known;
      return known;
    } catch (IOException e) {
      throw AppFailures.bot(e);
    }
  }
}
