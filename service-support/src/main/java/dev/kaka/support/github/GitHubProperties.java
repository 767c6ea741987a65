package dev.kaka.support.github;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How every service reaches GitHub, and as whom: with a personal token, or as a GitHub App. Both
 * are secrets or lead to one, so neither belongs in committed configuration. The two are exclusive;
 * without either, the ingress reads no settings file, the worker clones anonymously and the
 * notifier does not start.
 *
 * @param apiUrl GitHub's REST API: {@code https://api.github.com}, or a GitHub Enterprise Server's
 *     {@code https://HOST/api/v3}
 * @param token a personal (or fine-grained) token used for every repository; a secret: set it with
 *     {@code GITHUB_TOKEN} or a file named {@code kaka.github.token} in the secrets directory
 * @param appId the GitHub App's id (its settings page shows it as "App ID"); with {@code
 *     appPrivateKeyFile}, every service asks for a short-lived installation token per repository,
 *     restricted to that repository and to the permissions the service needs
 * @param appPrivateKeyFile the App's private key, the {@code .pem} file GitHub hands out (PKCS#1,
 *     {@code BEGIN RSA PRIVATE KEY}; PKCS#8 {@code BEGIN PRIVATE KEY} works too); a path, e.g.
 *     {@code KAKA_GITHUB_APP_PRIVATE_KEY_FILE=/run/secrets/kaka/github-app.pem}. It must exist, be
 *     readable and hold an RSA key, or the service does not start
 */
@Validated
@ConfigurationProperties("kaka.github")
public record GitHubProperties(
    @DefaultValue("https://api.github.com")
        @NotNull
        @Pattern(regexp = "https?://[^/?#@\\s]+(/\\S*)?", message = "must be an HTTP(S) URL")
        String apiUrl,
    String token,
    @Positive Long appId,
    Path appPrivateKeyFile) {

  private static final String TOKEN_PROPERTY = "kaka.github.token (GITHUB_TOKEN)";
  private static final String APP_PROPERTIES =
      "kaka.github.app-id and kaka.github.app-private-key-file";

  public GitHubProperties {
    apiUrl = apiUrl == null ? null : apiUrl.replaceFirst("/+$", "");
    token = token == null ? "" : token.strip();
    if (!token.isEmpty() && (appId != null || appPrivateKeyFile != null)) {
      throw new IllegalArgumentException(
          "Set either a token ("
              + TOKEN_PROPERTY
              + ") or a GitHub App ("
              + APP_PROPERTIES
              + "), not both: they would act as two different users");
    }
    if ((appId == null) != (appPrivateKeyFile == null)) {
      throw new IllegalArgumentException("A GitHub App needs both " + APP_PROPERTIES);
    }
    if (appPrivateKeyFile != null) {
      requireReadable(appPrivateKeyFile);
    }
  }

  /** The server the API belongs to: where repositories and their web pages are. */
  public GitHubServer server() {
    return GitHubServer.of(apiUrl);
  }

  /** Whether a personal token is set. */
  public boolean hasToken() {
    return !token.isEmpty();
  }

  /** Whether the services act as a GitHub App. */
  public boolean hasApp() {
    return appId != null;
  }

  private static void requireReadable(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "kaka.github.app-private-key-file: there is no file " + file.toAbsolutePath());
    }
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException(
          "kaka.github.app-private-key-file: "
              + file.toAbsolutePath()
              + " cannot be read by the service's user");
    }
  }

  @Override
  public String toString() {
    return "GitHubProperties[apiUrl="
        + apiUrl
        + ", token="
        + (hasToken() ? "****" : "none")
        + ", appId="
        + appId
        + ", appPrivateKeyFile="
        + appPrivateKeyFile
        + "]";
  }
}
