package dev.kaka.testkit.github;

import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A GitHub App registered on {@link FakeGitHub} with {@link FakeGitHub#registerApp}. As on GitHub,
 * a client signs a JWT with {@link #privateKeyPem()}, finds an installation with it and asks for an
 * installation token; the token then works on the installation's repositories with the permissions
 * it was given, acting as {@link #botLogin()}, and git takes it as the password of user {@code
 * x-access-token}.
 *
 * <pre>{@code
 * FakeGitHubApp app = github.registerApp(12345, "kaka", Map.of("contents", "write", "issues", "write"));
 * long installationId = app.install("acme");
 * PrivateKey key = ...; // read from app.privateKeyPem(), a PKCS#1 PEM
 * GitHub asApp = new GitHubBuilder().withEndpoint(github.apiUrl())
 *     .withAuthorizationProvider(new JWTTokenProvider("12345", key)).build();
 * }</pre>
 */
public final class FakeGitHubApp {

  /** GitHub names an App's bot user after the App's slug with this suffix. */
  static final String BOT_SUFFIX = "[bot]";

  private final long id;
  private final String slug;
  private final Map<String, String> permissions;
  private final long botUserId;
  private final KeyPair keys;
  private final Installations installations;

  FakeGitHubApp(
      long id,
      String slug,
      Map<String, String> permissions,
      long botUserId,
      KeyPair keys,
      Installations installations) {
    permissions.forEach(
        (name, level) -> {
          if (Permission.Level.parse(level).isEmpty()) {
            throw new IllegalArgumentException(
                "Permission " + name + " needs read, write or admin: " + level);
          }
        });
    this.id = id;
    this.slug = slug;
    Map<String, String> granted = new TreeMap<>(permissions);
    // Every App may read repository metadata; GitHub lists it even where registration did not.
    granted.putIfAbsent(Permission.METADATA_READ.name(), Permission.Level.READ.apiName());
    this.permissions = Collections.unmodifiableMap(granted);
    this.botUserId = botUserId;
    this.keys = keys;
    this.installations = installations;
  }

  public long id() {
    return id;
  }

  public String slug() {
    return slug;
  }

  /** {@code slug[bot]}: comments and pull requests made with an installation token show it. */
  public String botLogin() {
    return slug + BOT_SUFFIX;
  }

  /** The id of the bot user, as {@code GET /users/{slug}[bot]} serves it. */
  public long botUserId() {
    return botUserId;
  }

  /**
   * The App's 2048-bit RSA private key as GitHub's download has it: PKCS#1 PEM, {@code -----BEGIN
   * RSA PRIVATE KEY-----}.
   */
  public String privateKeyPem() {
    return AppKeys.pkcs1Pem(keys.getPrivate());
  }

  /**
   * Installs the App on every repository of {@code account}, present and future; installing again
   * on the same account returns the same installation.
   *
   * @return the installation id
   */
  public long install(String account) {
    if (!BareRepositories.isValidName(account)) {
      throw new IllegalArgumentException("Not a valid account name: " + account);
    }
    return installations.install(account);
  }

  /**
   * How long installation tokens issued from now on are valid; an hour unless set, as on GitHub.
   */
  public void setTokenLifetime(Duration lifetime) {
    installations.setTokenLifetime(lifetime);
  }

  /**
   * Expires every installation token issued so far: from now on REST calls with one get 401 "Bad
   * credentials" and git asks for credentials again.
   */
  public void expireTokens() {
    installations.expireTokens();
  }

  /** Every installation token issued for this App, oldest first. */
  public List<IssuedToken> issuedTokens() {
    return installations.issuedTokens();
  }

  /** The permissions the App was granted at registration, by GitHub's names and levels. */
  Map<String, String> permissions() {
    return permissions;
  }

  PublicKey publicKey() {
    return keys.getPublic();
  }

  Installations installations() {
    return installations;
  }

  /**
   * An installation token as the fake issued it.
   *
   * @param repositories the repository names the token is restricted to; empty when it covers every
   *     repository of the installation's account (GitHub's {@code repository_selection: all})
   * @param permissions what the token may do; {@code metadata: read} is always among them, as on
   *     GitHub
   * @param expiresAt when the token stops working: its lifetime after issue, or the moment {@link
   *     #expireTokens()} was called
   */
  public record IssuedToken(
      String token,
      long installationId,
      List<String> repositories,
      Map<String, String> permissions,
      Instant expiresAt) {

    public IssuedToken {
      repositories = List.copyOf(repositories);
      permissions = Collections.unmodifiableMap(new TreeMap<>(permissions));
    }

    IssuedToken expiredAt(Instant at) {
      return new IssuedToken(token, installationId, repositories, permissions, at);
    }
  }
}
