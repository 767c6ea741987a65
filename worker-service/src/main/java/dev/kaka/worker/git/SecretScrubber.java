package dev.kaka.worker.git;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/** Keeps credentials out of text that leaves this package: exception messages, logs, git config. */
final class SecretScrubber {

  static final String MASK = "***";

  /**
   * The user-info part of a URL ({@code https://user:pass@host}). It stops at the first slash so
   * that an {@code @} in a path is left alone, and is greedy before it so that an unescaped
   * {@code @} in a password cannot leave half of the password behind.
   */
  private static final Pattern URL_USER_INFO =
      Pattern.compile("\\b([a-zA-Z][a-zA-Z0-9+.-]*://)[^/\\s]*@");

  private SecretScrubber() {}

  /** Masks every occurrence of the secret, then removes user info from every URL in the text. */
  static String scrub(String text, String secret) {
    return scrub(text, secret == null ? List.of() : List.of(secret));
  }

  /** Masks every occurrence of each secret, then removes user info from every URL in the text. */
  static String scrub(String text, Collection<String> secrets) {
    if (text == null) {
      return null;
    }
    String scrubbed = text;
    // The secrets first: they may contain characters that stop the URL pattern short.
    for (String secret : secrets) {
      if (secret != null && !secret.isBlank()) {
        scrubbed =
            scrubbed
                .replace(secret, MASK)
                .replace(URLEncoder.encode(secret, StandardCharsets.UTF_8), MASK);
      }
    }
    return withoutCredentials(scrubbed);
  }

  /** The URL (or every URL in a text) without user name and password. */
  static String withoutCredentials(String url) {
    return URL_USER_INFO.matcher(url).replaceAll("$1");
  }
}
