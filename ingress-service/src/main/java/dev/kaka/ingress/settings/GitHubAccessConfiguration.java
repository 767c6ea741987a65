package dev.kaka.ingress.settings;

import dev.kaka.support.github.AppPermissions;
import dev.kaka.support.github.AppPermissions.Access;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class GitHubAccessConfiguration {

  /**
   * What the ingress's installation tokens may do on a triggering repository: read its {@code
   * .github/kaka.yml} (contents), the requester's permission on it (metadata), the comments under
   * the issue or pull request (issues, which GitHub accepts for a pull request's too) and the
   * comments of a review of a pull request (pull requests).
   */
  @Bean
  AppPermissions ingressAppPermissions() {
    return new AppPermissions(
        Map.of(
            "contents", Access.READ,
            "metadata", Access.READ,
            "issues", Access.READ,
            "pull_requests", Access.READ));
  }
}
