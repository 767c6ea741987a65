package dev.kaka.worker.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
    assertThat(properties.author().name()).isEqualTo("Kaka");
    assertThat(properties.author().email()).isEqualTo("kaka@users.noreply.github.com");
    assertThat(properties.idleWorkspaces()).isEqualTo(4);
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
                "kaka.git.idle-workspaces", "0"));

    assertThat(properties.cacheDir()).isEqualTo(Path.of("/var/cache/kaka"));
    assertThat(properties.workspaceDir()).isEqualTo(Path.of("/work"));
    assertThat(properties.branchPrefix()).isEqualTo("bot/");
    assertThat(properties.networkTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(properties.author().toPersonIdent().getEmailAddress()).isEqualTo("bot@example.com");
    assertThat(properties.idleWorkspaces()).isZero();
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
