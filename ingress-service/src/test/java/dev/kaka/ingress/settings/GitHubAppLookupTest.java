package dev.kaka.ingress.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.TaskSettings;
import dev.kaka.ingress.SharedGitHub;
import dev.kaka.ingress.trigger.Permission;
import dev.kaka.ingress.trigger.PermissionUnknown;
import dev.kaka.ingress.trigger.RepositorySettings;
import dev.kaka.ingress.trigger.TriggerProperties;
import dev.kaka.support.github.GitHubApp;
import dev.kaka.support.github.GitHubProperties;
import dev.kaka.support.github.InstallationTokens;
import dev.kaka.support.github.RepositoryTokens;
import dev.kaka.testkit.github.FakeGitHubApp.IssuedToken;
import dev.kaka.testkit.github.FakeRepository;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The ingress's reads of settings files and permissions as a GitHub App, without a personal token:
 * each with an installation token of the repository, holding the ingress's permissions only.
 */
class GitHubAppLookupTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final GitHubProperties properties =
      new GitHubProperties(
          SharedGitHub.get().apiUrl(), null, SharedGitHub.APP_ID, SharedGitHub.appKeyFile());
  private final SettingsProperties settings = new SettingsProperties(Duration.ofMinutes(5), WAIT);
  private Optional<RepositoryTokens> tokens;
  private RepositoryRef repository;

  @BeforeEach
  void asTheApp() {
    tokens =
        Optional.of(
            new InstallationTokens(
                GitHubApp.connect(properties),
                new GitHubAccessConfiguration().ingressAppPermissions()));
    repository =
        repository(SharedGitHub.OWNER, "app-" + UUID.randomUUID().toString().substring(0, 8));
  }

  @Test
  void readsTheSettingsFileWithATokenOfTheRepositoryThatMayOnlyRead() {
    RepositorySettings read =
        new SettingsLookup(properties, tokens, settings).of(repository).block(WAIT);

    assertThat(read.trigger().label()).isEqualTo("from-the-app");
    IssuedToken token = lastToken();
    assertThat(token.repositories()).containsExactly(repository.name());
    assertThat(token.permissions())
        .containsOnly(
            Map.entry("contents", "read"),
            Map.entry("metadata", "read"),
            Map.entry("issues", "read"),
            Map.entry("pull_requests", "read"));
  }

  @Test
  void checksTheRequestersPermission() {
    SharedGitHub.get().setPermission(repository.owner(), repository.name(), "maintainer", "write");

    Permission permission = lookup().of(repository, "maintainer").block(WAIT);

    assertThat(permission).isEqualTo(Permission.WRITE);
    assertThat(lastToken().repositories()).containsExactly(repository.name());
  }

  @Test
  void aRepositoryWithoutTheAppIsAskedAgainOnRedeliveryAndReadWithoutItsSettings() {
    RepositoryRef elsewhere =
        repository("stranger-" + UUID.randomUUID().toString().substring(0, 6), "things");

    PermissionUnknown unknown =
        catchThrowableOfType(
            PermissionUnknown.class, () -> lookup().of(elsewhere, "maintainer").block(WAIT));
    RepositorySettings read =
        new SettingsLookup(properties, tokens, settings).of(elsewhere).block(WAIT);

    assertThat(unknown.passing()).isTrue();
    assertThat(unknown).hasMessageContaining("the App is not installed on the repository");
    assertThat(read.task().unreadable()).contains("the App is not installed on the repository");
  }

  private PermissionLookup lookup() {
    TriggerProperties trigger =
        new Binder(new MapConfigurationPropertySource(Map.of()))
            .bindOrCreate("kaka.trigger", TriggerProperties.class);
    return new PermissionLookup(properties, tokens, settings, trigger);
  }

  private static RepositoryRef repository(String owner, String name) {
    FakeRepository created =
        SharedGitHub.get()
            .createRepository(
                owner,
                name,
                "main",
                Map.of(TaskSettings.FILE, "trigger:\n  label: from-the-app\n"));
    return new RepositoryRef(owner, name, created.cloneUrl(), "main");
  }

  private static IssuedToken lastToken() {
    List<IssuedToken> issued = SharedGitHub.app().issuedTokens();
    return issued.get(issued.size() - 1);
  }
}
