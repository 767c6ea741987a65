package dev.kaka.testkit.github;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The fake's one personal token, given at start; it acts as {@value FakeGitHub#BOT_LOGIN}. */
final class AccessToken {

  private final byte[] token;

  AccessToken(String token) {
    if (token == null || token.isEmpty()) {
      throw new IllegalArgumentException("The token must not be empty");
    }
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  boolean matches(String presented) {
    return MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
  }
}
