package dev.kaka.worker.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaka.support.github.GitHubServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class GitPropertiesTest {

  @Test
  void defaultsNeedNoConfiguration() {
    GitProperties properties = bind(Map.of());

    Path temp = Path.of(System.getProperty("java.io.tmpdir"));
    assertThat(properties.cacheDir()).isEqualTo(temp.resolve("kaka/repo-cache"));
    assertThat(properties.workspaceDir()).isEqualTo(temp.resolve("kaka/workspaces"));
    assertThat(properties.branchPrefix()).isEqualTo("kaka/");
    assertThat(properties.networkTimeout()).isEqualTo(Duration.ofMinutes(2));
    // unset: Kaka with a token, the App's bot as a GitHub App (CommitAuthor)
    assertThat(properties.author()).isEqualTo(new GitProperties.Author(null, null));
    assertThat(properties.idleWorkspaces()).isEqualTo(4);
    assertThat(properties.mirrorHistory()).isEqualTo(GitProperties.MirrorHistory.FULL);
    assertThat(
            properties
                .withRemoteUrlOr(GitHubServer.of("https://api.github.com").remoteUrlTemplate())
                .remoteUrlOf("octo", "hello"))
        .isEqualTo("https://github.com/octo/hello.git");
  }

  @Test
  void unsetTheRemoteIsOnTheServerOfTheApiSoAnEnterpriseServerNeedsOneUrl() {
    GitHubServer enterprise = GitHubServer.of("https://ghe.example.com/api/v3");

    assertThat(bind(Map.of()).withRemoteUrlOr(enterprise.remoteUrlTemplate()).remoteUrlOf("o", "r"))
        .isEqualTo("https://ghe.example.com/o/r.git");
    assertThat(
            bind(Map.of("kaka.git.remote-url", "https://git.example.com/scm/{owner}/{name}.git"))
                .withRemoteUrlOr(enterprise.remoteUrlTemplate())
                .remoteUrlOf("o", "r"))
        .as("a configured remote wins")
        .isEqualTo("https://git.example.com/scm/o/r.git");
  }

  @Test
  void remoteUrlIsBuiltFromTheTemplateWithTheTasksOwnerAndName() {
    GitProperties properties =
        bind(Map.of("kaka.git.remote-url", "https://git.example.com/scm/{owner}/{name}.git"));

    assertThat(properties.remoteUrlOf("Octo", "hello.world"))
        .isEqualTo("https://git.example.com/scm/Octo/hello.world.git");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      ssh://git@github.com/{owner}/{name}.git  | it must start with https://
      git://github.com/{owner}/{name}.git      | it must start with https://
      file:///srv/git/{owner}/{name}.git       | it must start with https://
      https://kaka:s3cret@github.com/{owner}/{name}.git | it must not contain credentials
      https://github.com/{owner}/repo.git      | it must contain {owner} and {name} in its path
      https://{owner}.example.com/{name}.git   | it must contain {owner} and {name} in its path
      https://github.com                       | it must contain {owner} and {name} in its path
      """)
  void remoteUrlThatCouldSendTheTokenElsewhereFailsAtStartUp(String template, String problem) {
    assertThatThrownBy(() -> bind(Map.of("kaka.git.remote-url", template)))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("is not a usable kaka.git.remote-url: " + problem)
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void everythingCanBeSet() {
    GitProperties properties =
        bind(
            Map.of(
                "kaka.git.cache-dir", "/var/cache/kaka",
                "kaka.git.workspace-dir", "/work",
                "kaka.git.branch-prefix", "bot/",
                "kaka.git.network-timeout", "30s",
                "kaka.git.author.name", "Kaka Bot",
                "kaka.git.author.email", "bot@example.com",
                "kaka.git.idle-workspaces", "0",
                "kaka.git.mirror-history", "shallow"));

    assertThat(properties.cacheDir()).isEqualTo(Path.of("/var/cache/kaka"));
    assertThat(properties.workspaceDir()).isEqualTo(Path.of("/work"));
    assertThat(properties.branchPrefix()).isEqualTo("bot/");
    assertThat(properties.networkTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(properties.author().toPersonIdent().getEmailAddress()).isEqualTo("bot@example.com");
    assertThat(properties.idleWorkspaces()).isZero();
    assertThat(properties.mirrorHistory()).isEqualTo(GitProperties.MirrorHistory.SHALLOW);
  }

  @Test
  void branchPrefixThatCannotStartABranchNameFailsAtStartUp() {
    assertThatThrownBy(() -> bind(Map.of("kaka.git.branch-prefix", "bad..prefix/")))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("'bad..prefix/' cannot start a git branch name");
  }

  private static GitProperties bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties))
        .bindOrCreate("kaka.git", GitProperties.class);
  }
}
