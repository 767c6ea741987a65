package dev.kaka.ingress.settings;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The ingress's access to GitHub's API, the same properties the workers and the notifier read. The
 * ingress only reads repositories' {@code .github/kaka.yml} with it.
 *
 * @param token the bot's token; empty, no settings file is read and every repository gets the
 *     service-wide settings. A secret: set it with {@code GITHUB_TOKEN} or a mounted file
 * @param apiUrl GitHub's API, {@code https://HOST/api/v3} for GitHub Enterprise
 */
@Validated
@ConfigurationProperties("kaka.github")
public record GitHubProperties(
    String token,
    @DefaultValue("https://api.github.com")
        @NotNull
        @Pattern(regexp = "https?://[^/?#@\\s]+(/\\S*)?", message = "must be an HTTP(S) URL")
        String apiUrl) {

  public GitHubProperties {
    token = token == null ? "" : token.strip();
    apiUrl = apiUrl == null ? null : apiUrl.replaceFirst("/+$", "");
  }

  boolean hasToken() {
    return !token.isEmpty();
  }
}
