package dev.kaka.support.secrets;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Masks secrets in text that leaves a service: the agent's transcript and messages, git's failures,
 * settings shown to operators. An agent that can run commands can print its environment or a file
 * with a key in it, and git repeats the URL it was given. Masked are the values the masker was
 * given (plain, JSON-escaped and URL-encoded), and anything shaped like an Anthropic key, a GitHub,
 * Slack or AWS token, the credentials of an {@code Authorization} header, or the user info of a
 * URL.
 */
public final class SecretMasker {

  public static final String MASK = "***";

  /** Shorter values are too likely to occur by chance (and too weak to be worth hiding). */
  static final int MIN_SECRET_LENGTH = 8;

  private static final Pattern SECRET_NAME =
      Pattern.compile("(?i).*(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL).*");

  private static final List<Pattern> SHAPES =
      List.of(
          Pattern.compile("sk-ant-[A-Za-z0-9_-]{8,}"),
          Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{20,}"),
          Pattern.compile("\\bgithub_pat_[A-Za-z0-9_]{20,}"),
          Pattern.compile("\\bxox[abprs]-[A-Za-z0-9-]{10,}"),
          Pattern.compile("\\bAKIA[0-9A-Z]{16}\\b"));

  private static final Pattern AUTHORIZATION =
      Pattern.compile(
          "(?i)\\b(bearer|authorization:\\s*(?:token|basic))(\\s+)[A-Za-z0-9._~+/=-]{16,}");

  /**
   * The user info of a URL ({@code https://user:pass@host}). It stops at the first slash, so that
   * an {@code @} in a path is left alone, and at quotes and white space, so that it stays inside
   * one value of a JSON line; it is greedy before that, so that an unescaped {@code @} in a
   * password cannot leave half of the password behind.
   */
  private static final Pattern URL_USER_INFO =
      Pattern.compile("\\b([a-zA-Z][a-zA-Z0-9+.-]*://)[^/\\s\"']+@");

  private static final SecretMasker SHAPES_ONLY = new SecretMasker(List.of());

  private final List<String> secrets;

  private SecretMasker(List<String> secrets) {
    this.secrets = secrets;
  }

  /** Masks what looks like a secret, knowing no values. */
  public static SecretMasker shapesOnly() {
    return SHAPES_ONLY;
  }

  /** Masks {@code secrets} (those long enough to be secrets) and what looks like a secret. */
  public static SecretMasker of(Collection<String> secrets) {
    return of(Map.of(), secrets);
  }

  /**
   * @param environment a process's environment: values of variables named like a secret are masked
   * @param secrets more values to mask, such as the GitHub token from the configuration
   */
  public static SecretMasker of(Map<String, String> environment, Collection<String> secrets) {
    List<String> values = new ArrayList<>();
    environment.forEach(
        (name, value) -> {
          if (SECRET_NAME.matcher(name).matches()) {
            values.add(value);
          }
        });
    values.addAll(secrets);
    List<String> masked = new ArrayList<>();
    for (String value : values) {
      if (value != null && value.strip().length() >= MIN_SECRET_LENGTH) {
        String secret = value.strip();
        masked.add(secret);
        masked.add(jsonEscaped(secret));
        masked.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
      }
    }
    // The longest first, so that a secret containing another is masked whole.
    masked.sort(Comparator.comparingInt(String::length).reversed());
    return new SecretMasker(masked.stream().distinct().toList());
  }

  /** {@code text} with every secret replaced by {@link #MASK}; null stays null. */
  public String mask(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    // The known values first: they may contain characters that stop a pattern short.
    String masked = text;
    for (String secret : secrets) {
      masked = masked.replace(secret, MASK);
    }
    for (Pattern shape : SHAPES) {
      masked = shape.matcher(masked).replaceAll(MASK);
    }
    masked = AUTHORIZATION.matcher(masked).replaceAll("$1$2" + MASK);
    return URL_USER_INFO.matcher(masked).replaceAll("$1" + MASK + "@");
  }

  private static String jsonEscaped(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
