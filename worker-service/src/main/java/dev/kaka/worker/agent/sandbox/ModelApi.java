package dev.kaka.worker.agent.sandbox;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Where the agent's model API really is, and the credential the worker adds to each request on the
 * agent's behalf: inside the sandbox the agent has only a placeholder key, so a hostile agent finds
 * nothing worth stealing.
 *
 * @param base the API's base URL, from the worker's {@code ANTHROPIC_BASE_URL} (Anthropic's by
 *     default)
 * @param credentialHeader {@code x-api-key} for an API key, {@code authorization} for a bearer
 *     token
 * @param credential the header's value; empty when the worker has none (the agent then fails as not
 *     logged in, as it would outside the sandbox)
 */
record ModelApi(URI base, String credentialHeader, String credential) {

  static final String DEFAULT_BASE_URL = "https://api.anthropic.com";

  /** The key the agent sees instead of the real one. */
  static final String PLACEHOLDER_KEY = "kaka-sandbox-placeholder";

  /** The worker's environment variables this record is made of; none of them reaches the agent. */
  static final java.util.List<String> VARIABLES =
      java.util.List.of("ANTHROPIC_BASE_URL", "ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN");

  static ModelApi from(Map<String, String> workerEnvironment) {
    String base =
        Optional.ofNullable(workerEnvironment.get("ANTHROPIC_BASE_URL"))
            .filter(value -> !value.isBlank())
            .orElse(DEFAULT_BASE_URL);
    String key = workerEnvironment.getOrDefault("ANTHROPIC_API_KEY", "");
    String token = workerEnvironment.getOrDefault("ANTHROPIC_AUTH_TOKEN", "");
    URI uri = URI.create(base.strip());
    if (!key.isBlank()) {
      return new ModelApi(uri, "x-api-key", key.strip());
    }
    if (!token.isBlank()) {
      return new ModelApi(uri, "authorization", "Bearer " + token.strip());
    }
    return new ModelApi(uri, "x-api-key", "");
  }

  boolean secure() {
    return "https".equalsIgnoreCase(base.getScheme());
  }

  String host() {
    return base.getHost();
  }

  int port() {
    return base.getPort() > 0 ? base.getPort() : secure() ? 443 : 80;
  }

  /** The base URL's path without a trailing slash, to put in front of the agent's request path. */
  String pathPrefix() {
    String path = base.getRawPath() == null ? "" : base.getRawPath();
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  /** The {@code Host} header for the upstream request. */
  String hostHeader() {
    return base.getPort() > 0 ? host() + ":" + base.getPort() : host();
  }

  /** The environment variable that names the placeholder credential inside the sandbox. */
  String placeholderVariable() {
    return "authorization".equals(credentialHeader) ? "ANTHROPIC_AUTH_TOKEN" : "ANTHROPIC_API_KEY";
  }
}
