package dev.kaka.notifier.github;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the notifier reaches GitHub.
 *
 * @param apiUrl {@code https://api.github.com}, or a GitHub Enterprise Server's {@code
 *     https://HOST/api/v3}
 * @param token a token that may open pull requests and comment on issues; set it with {@code
 *     GITHUB_TOKEN} or a mounted file, never in committed configuration
 */
@Validated
@ConfigurationProperties("kaka.github")
public record GitHubProperties(
    @DefaultValue("https://api.github.com") @NotBlank String apiUrl,
    @NotBlank(message = "set a GitHub token (GITHUB_TOKEN)") String token) {

  @Override
  public String toString() {
    return "GitHubProperties[apiUrl=" + apiUrl + ", token=****]";
  }
}
