package dev.kaka.support.github;

import java.time.Instant;

/**
 * A GitHub App installation token and when GitHub lets it expire.
 *
 * @param token the secret
 * @param expiresAt when GitHub stops accepting it
 */
record InstallationToken(String token, Instant expiresAt) {

  /** Whether it is still accepted at {@code instant}. */
  boolean validAt(Instant instant) {
    return instant.isBefore(expiresAt);
  }

  @Override
  public String toString() {
    return "InstallationToken[token=****, expiresAt=" + expiresAt + "]";
  }
}
