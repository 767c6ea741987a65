package dev.kaka.worker.agent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Masks secrets in what the agent printed before it leaves the worker (transcript, summary,
 * messages). An agent that can run commands can print its environment or a file with a key in it,
 * and the transcript ends up in MongoDB and behind an API. Masked are the values of the worker's
 * secret-looking environment variables and of the secrets the worker was given, in plain and in
 * JSON-escaped form, and anything shaped like an Anthropic key, a GitHub token, a bearer token or a
 * password in a URL.
 */
final class SecretMask {

  static final String MASK = "***";

  /** Shorter values are too likely to occur by chance (and too weak to be worth hiding). */
  private static final int MIN_SECRET_LENGTH = 8;

  private static final Pattern SECRET_NAME =
      Pattern.compile("(?i).*(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL).*");

  private static final List<Pattern> SHAPES =
      List.of(
          Pattern.compile("sk-ant-[A-Za-z0-9_-]{8,}"),
          Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{20,}"),
          Pattern.compile("\\bgithub_pat_[A-Za-z0-9_]{20,}"),
          Pattern.compile("\\bxox[abprs]-[A-Za-z0-9-]{10,}"),
          Pattern.compile("\\bAKIA[0-9A-Z]{16}\\b"));

  private static final Pattern BEARER =
      Pattern.compile(
          "(?i)\\b(bearer|authorization:\\s*(?:token|basic))(\\s+)[A-Za-z0-9._~+/=-]{16,}");

  private static final Pattern URL_USER_INFO =
      Pattern.compile("\\b([a-zA-Z][a-zA-Z0-9+.-]*://)[^/\\s\"'@]+@");

  private final List<String> secrets;

  private SecretMask(List<String> secrets) {
    this.secrets = secrets;
  }

  /**
   * @param environment the worker's environment: values of variables named like a secret are masked
   * @param secrets more values to mask, such as the GitHub token from the configuration
   */
  static SecretMask of(Map<String, String> environment, Collection<String> secrets) {
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
        masked.add(value.strip());
        masked.add(jsonEscaped(value.strip()));
      }
    }
    // The longest first, so that a secret containing another is masked whole.
    masked.sort(Comparator.comparingInt(String::length).reversed());
    return new SecretMask(masked.stream().distinct().toList());
  }

  static SecretMask none() {
    return new SecretMask(List.of());
  }

  String apply(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String masked = text;
    for (String secret : secrets) {
      masked = masked.replace(secret, MASK);
    }
    for (Pattern shape : SHAPES) {
      masked = shape.matcher(masked).replaceAll(MASK);
    }
    masked = BEARER.matcher(masked).replaceAll("$1$2" + MASK);
    return URL_USER_INFO.matcher(masked).replaceAll("$1" + MASK + "@");
  }

  private static String jsonEscaped(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
