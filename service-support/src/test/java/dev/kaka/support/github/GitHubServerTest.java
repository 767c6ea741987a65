package dev.kaka.support.github;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GitHubServerTest {

  @ParameterizedTest
  @CsvSource({
    "https://api.github.com, https://github.com, github.com",
    "https://API.GitHub.com/, https://github.com, github.com",
    "https://ghe.example.com/api/v3, https://ghe.example.com, ghe.example.com",
    "http://127.0.0.1:8443/api/v3, http://127.0.0.1:8443, 127.0.0.1"
  })
  void theServerIsWhereTheApiIs(String apiUrl, String webUrl, String host) {
    GitHubServer server = GitHubServer.of(apiUrl);

    assertThat(server.webUrl()).isEqualTo(webUrl);
    assertThat(server.host()).isEqualTo(host);
    assertThat(server.remoteUrlTemplate()).isEqualTo(webUrl + "/{owner}/{name}.git");
  }
}
