package dev.kaka.testkit.github;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Takes the presented secret out of an {@code Authorization} header, in the ways clients send it.
 */
final class AuthorizationHeader {

  private AuthorizationHeader() {}

  /**
   * REST calls send {@code Authorization: token X} or {@code Authorization: Bearer X}, whether X is
   * a token or an App's JWT.
   */
  static Optional<String> token(String header) {
    if (header == null) {
      return Optional.empty();
    }
    for (String scheme : new String[] {"token ", "Bearer "}) {
      if (header.regionMatches(true, 0, scheme, 0, scheme.length())) {
        return Optional.of(header.substring(scheme.length()).trim());
      }
    }
    return Optional.empty();
  }

  /**
   * Git over HTTP sends Basic credentials; like GitHub, the fake ignores the user name and reads
   * the token from the password.
   */
  static Optional<String> basicPassword(String header) {
    String scheme = "Basic ";
    if (header == null || !header.regionMatches(true, 0, scheme, 0, scheme.length())) {
      return Optional.empty();
    }
    String credentials;
    try {
      credentials =
          new String(
              Base64.getDecoder().decode(header.substring(scheme.length()).trim()),
              StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      return Optional.empty();
    }
    int colon = credentials.indexOf(':');
    return colon < 0 ? Optional.empty() : Optional.of(credentials.substring(colon + 1));
  }
}
