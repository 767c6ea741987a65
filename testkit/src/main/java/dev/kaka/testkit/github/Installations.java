package dev.kaka.testkit.github;

import dev.kaka.testkit.github.FakeGitHubApp.IssuedToken;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The installations of one App and the tokens issued for them. Every method is synchronized, so the
 * HTTP threads and the test thread can share it.
 */
final class Installations {

  /** As on GitHub. */
  private static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(1);

  private static final String TOKEN_PREFIX = "ghs_";
  private static final int TOKEN_RANDOM_LENGTH = 36;
  private static final String TOKEN_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private final LongSupplier nextId;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, InstallationRecord> byAccount = new LinkedHashMap<>();
  private final Map<String, IssuedToken> tokens = new LinkedHashMap<>();
  private Duration tokenLifetime = DEFAULT_TOKEN_LIFETIME;

  /**
   * @param nextId hands out installation ids, unique across Apps as on GitHub
   */
  Installations(LongSupplier nextId, Clock clock) {
    this.nextId = nextId;
    this.clock = clock;
  }

  /** Installing twice on one account keeps the first installation, as GitHub allows only one. */
  synchronized long install(String account) {
    return byAccount
        .computeIfAbsent(
            account,
            ignored -> new InstallationRecord(nextId.getAsLong(), account, clock.instant()))
        .id();
  }

  synchronized Optional<InstallationRecord> byId(long id) {
    return byAccount.values().stream().filter(installation -> installation.id() == id).findFirst();
  }

  synchronized Optional<InstallationRecord> byAccount(String account) {
    return Optional.ofNullable(byAccount.get(account));
  }

  synchronized List<InstallationRecord> all() {
    return List.copyOf(byAccount.values());
  }

  /**
   * @param repositories the names the token is restricted to; empty for every repository of the
   *     installation's account
   */
  synchronized IssuedToken issue(
      InstallationRecord installation, List<String> repositories, Map<String, String> permissions) {
    // GitHub's expires_at has whole seconds; the record says exactly what the JSON says.
    Instant expiresAt = clock.instant().plus(tokenLifetime).truncatedTo(ChronoUnit.SECONDS);
    IssuedToken token =
        new IssuedToken(newToken(), installation.id(), repositories, permissions, expiresAt);
    tokens.put(token.token(), token);
    return token;
  }

  synchronized Optional<IssuedToken> token(String token) {
    return Optional.ofNullable(tokens.get(token));
  }

  synchronized void setTokenLifetime(Duration lifetime) {
    if (lifetime.isNegative()) {
      throw new IllegalArgumentException("A token lifetime must not be negative: " + lifetime);
    }
    tokenLifetime = lifetime;
  }

  /**
   * Moves every later expiry to now: the tokens are refused from here on, and {@link #issuedTokens}
   * shows when they ended.
   */
  synchronized void expireTokens() {
    Instant now = clock.instant();
    tokens.replaceAll(
        (ignored, token) -> token.expiresAt().isAfter(now) ? token.expiredAt(now) : token);
  }

  synchronized List<IssuedToken> issuedTokens() {
    return List.copyOf(tokens.values());
  }

  private String newToken() {
    StringBuilder token = new StringBuilder(TOKEN_PREFIX);
    for (int i = 0; i < TOKEN_RANDOM_LENGTH; i++) {
      token.append(TOKEN_ALPHABET.charAt(random.nextInt(TOKEN_ALPHABET.length())));
    }
    return token.toString();
  }
}
