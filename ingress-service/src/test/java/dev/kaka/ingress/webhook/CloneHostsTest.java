package dev.kaka.ingress.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.common.event.RepositoryRef;
import dev.kaka.support.github.GitHubServer;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloneHostsTest {

  @Test
  void unsetTheHostsAreTheServerOfTheApiSoAnEnterpriseServerNeedsOneUrl() {
    CloneHosts enterprise =
        CloneHosts.of(List.of(), GitHubServer.of("https://ghe.example.com/api/v3"));

    assertThat(enterprise.allow(at("https://ghe.example.com/o/r.git"))).isTrue();
    assertThat(enterprise.allow(at("https://github.com/o/r.git"))).isFalse();
    assertThat(enterprise.allow(at("https://ghe.example.com.evil.test/o/r.git"))).isFalse();
    assertThat(
            CloneHosts.of(List.of(), GitHubServer.of("https://api.github.com"))
                .allow(at("https://github.com/o/r.git")))
        .isTrue();
  }

  @Test
  void configuredHostsReplaceTheApisServer() {
    CloneHosts configured =
        CloneHosts.of(
            List.of("https://git.example.com/"), GitHubServer.of("https://api.github.com"));

    assertThat(configured.allow(at("https://git.example.com/o/r.git"))).isTrue();
    assertThat(configured.allow(at("https://github.com/o/r.git"))).isFalse();
  }

  private static RepositoryRef at(String cloneUrl) {
    return new RepositoryRef("o", "r", cloneUrl, "main");
  }
}
