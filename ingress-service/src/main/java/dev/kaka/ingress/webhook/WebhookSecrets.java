package dev.kaka.ingress.webhook;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which secrets may sign a delivery for a repository: its own entry ({@code owner/name}), else its
 * owner's ({@code owner}), else the global list. Only the most specific scope counts, so a secret
 * given to one organisation signs nothing for another, and the global secret signs nothing for a
 * repository with a secret of its own.
 */
final class WebhookSecrets {

  /** The scope of the global secrets. */
  static final String GLOBAL = "*";

  private final Map<String, SignatureVerifier> verifiers = new HashMap<>();

  WebhookSecrets(List<String> global, Map<String, List<String>> scoped) {
    if (!global.isEmpty()) {
      verifiers.put(GLOBAL, new SignatureVerifier(global));
    }
    scoped.forEach(
        (scope, secrets) ->
            verifiers.put(scope.toLowerCase(Locale.ROOT), new SignatureVerifier(secrets)));
  }

  static WebhookSecrets of(WebhookProperties properties) {
    return new WebhookSecrets(properties.secrets(), properties.repositorySecrets());
  }

  /**
   * Whether any repository or owner has secrets of its own; only then must the repository be known
   * before the signature can be checked.
   */
  boolean isScoped() {
    return verifiers.size() > (verifiers.containsKey(GLOBAL) ? 1 : 0);
  }

  /**
   * The scope whose secrets sign deliveries about {@code repository}.
   *
   * @param repository {@code owner/name}, {@code owner}, or null when the delivery names neither
   */
  String scopeOf(String repository) {
    if (repository != null) {
      String name = repository.toLowerCase(Locale.ROOT);
      if (verifiers.containsKey(name)) {
        return name;
      }
      int slash = name.indexOf('/');
      String owner = slash < 0 ? name : name.substring(0, slash);
      if (verifiers.containsKey(owner)) {
        return owner;
      }
    }
    return GLOBAL;
  }

  /** Whether {@code signatureHeader} signs {@code body} with one of {@code scope}'s secrets. */
  boolean isValid(String scope, String signatureHeader, byte[] body) {
    SignatureVerifier verifier = verifiers.get(scope);
    return verifier != null && verifier.isValid(signatureHeader, body);
  }
}
