package dev.kaka.testkit.github;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/** The one token the fake accepts, in the two ways clients present it. */
final class AccessToken {

  private final byte[] token;

  AccessToken(String token) {
    if (token == null || token.isEmpty()) {
      throw new IllegalArgumentException("The token must not be empty");
    }
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  /** REST calls send {@code Authorization: token X} or {@code Authorization: Bearer X}. */
  boolean acceptsApiAuthorization(String header) {
    if (header == null) {
      return false;
    }
    for (String scheme : new String[] {"token ", "Bearer "}) {
      if (header.regionMatches(true, 0, scheme, 0, scheme.length())) {
        return matches(header.substring(scheme.length()).trim());
      }
    }
    return false;
  }

  /**
   * Git over HTTP sends Basic credentials; like GitHub, any user name goes as long as the password
   * is the token.
   */
  boolean acceptsBasicAuthorization(String header) {
    String scheme = "Basic ";
    if (header == null || !header.regionMatches(true, 0, scheme, 0, scheme.length())) {
      return false;
    }
    String credentials;
    try {
      credentials =
          new String(
              Base64.getDecoder().decode(header.substring(scheme.length()).trim()),
              StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
    int colon = credentials.indexOf(':');
    return colon >= 0 && matches(credentials.substring(colon + 1));
  }

  private boolean matches(String presented) {
    return MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
  }
}
