package dev.kaka.support.dashboard;

import jakarta.validation.constraints.Pattern;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where people reach Kaka's dashboard, so that what Kaka writes elsewhere (commit trailers, issue
 * comments, pull requests) can link a task's page on it. The ingress serves the dashboard; the
 * worker and the notifier, which write those links, cannot know the address it is reached at from
 * outside (a proxy, a load balancer), hence a setting.
 *
 * @param publicUrl the dashboard's address as a browser reaches it, such as {@code
 *     https://kaka.example.com/}; unset, Kaka writes no links to it
 */
@Validated
@ConfigurationProperties("kaka.dashboard")
public record DashboardProperties(
    @Pattern(
            regexp = "https?://[^/?#@\\s]+(/[^?#\\s]*)?",
            message = "must be an HTTP(S) URL without user, query or fragment")
        String publicUrl) {

  /** No public address: no links. */
  public static final DashboardProperties NONE = new DashboardProperties(null);

  /**
   * The task's page on the dashboard, the route its script opens ({@code #/tasks/<id>} in {@code
   * static/dashboard/app.js}); empty when no public address is set.
   */
  public Optional<String> taskPage(String taskId) {
    if (publicUrl == null || publicUrl.isBlank()) {
      return Optional.empty();
    }
    String base = publicUrl.endsWith("/") ? publicUrl : publicUrl + "/";
    return Optional.of(base + "#/tasks/" + URLEncoder.encode(taskId, StandardCharsets.UTF_8));
  }
}
