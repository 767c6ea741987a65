package dev.kaka.support.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

/** {@code kaka.github} as every service binds it, checked at start-up. */
class GitHubAutoConfigurationTest {

  private static final String TOKEN = "ghp_PersonalTokenOfTheTests01";
  private static final AppPermissions PERMISSIONS =
      new AppPermissions(Map.of("contents", AppPermissions.Access.READ));

  @TempDir Path temp;
  private Path key;
  private Path garbage;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ValidationAutoConfiguration.class, GitHubAutoConfiguration.class))
          .withBean(AppPermissions.class, () -> PERMISSIONS);

  @BeforeEach
  void writeKeys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder()
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    key = Files.writeString(temp.resolve("app.pem"), pem);
    garbage = Files.writeString(temp.resolve("garbage.pem"), "hunter2-hunter2");
  }

  @Test
  void withoutCredentialsThereAreNoTokens() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed().doesNotHaveBean(RepositoryTokens.class);
          assertThat(context).doesNotHaveBean(GitHubApp.class);
          assertThat(context.getBean(GitHubProperties.class).apiUrl())
              .isEqualTo("https://api.github.com");
        });
  }

  @Test
  void aPersonalTokenServesEveryRepository() {
    runner
        .withPropertyValues("kaka.github.token= " + TOKEN + " ")
        .run(
            context -> {
              RepositoryTokens tokens = context.getBean(RepositoryTokens.class);
              assertThat(tokens.tokenFor("acme", "one")).isEqualTo(TOKEN);
              assertThat(tokens.tokenFor("other", "two")).isEqualTo(TOKEN);
              assertThat(tokens.refused("acme", "one")).isFalse();
              assertThat(context.getBean(GitHubProperties.class).toString())
                  .doesNotContain(TOKEN)
                  .contains("token=****");
            });
  }

  @Test
  void anAppGetsInstallationTokensWithTheServicesPermissions() {
    runner
        .withPropertyValues(
            "kaka.github.api-url=https://github.example.com/api/v3/",
            "kaka.github.app-id=12345",
            "kaka.github.app-private-key-file=" + key)
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(GitHubApp.class);
              assertThat(context.getBean(RepositoryTokens.class))
                  .isInstanceOf(InstallationTokens.class);
              assertThat(context.getBean(GitHubProperties.class).apiUrl())
                  .isEqualTo("https://github.example.com/api/v3");
            });
  }

  @Test
  void anAppServiceMustDeclareItsPermissions() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(ValidationAutoConfiguration.class, GitHubAutoConfiguration.class))
        .withPropertyValues("kaka.github.app-id=12345", "kaka.github.app-private-key-file=" + key)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("declares no AppPermissions"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      token and App        | kaka.github.token=ghp_x,kaka.github.app-id=1,kaka.github.app-private-key-file=KEY | not both
      App without key      | kaka.github.app-id=1                                          | needs both kaka.github.app-id and kaka.github.app-private-key-file
      key without App      | kaka.github.app-private-key-file=KEY                          | needs both
      key file missing     | kaka.github.app-id=1,kaka.github.app-private-key-file=MISSING | there is no file
      key file no key      | kaka.github.app-id=1,kaka.github.app-private-key-file=GARBAGE | holds no PEM private key
      app id not a number  | kaka.github.app-id=kaka,kaka.github.app-private-key-file=KEY  | app-id
      api URL not HTTP(S)  | kaka.github.api-url=ftp://github.com                           | must be an HTTP(S) URL
      """)
  void refusesToStartWithUnusableCredentials(String name, String properties, String problem) {
    String[] values =
        properties
            .replace("MISSING", temp.resolve("missing.pem").toString())
            .replace("GARBAGE", garbage.toString())
            .replace("KEY", key.toString())
            .split(",");
    runner
        .withPropertyValues(values)
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(messages(context.getStartupFailure()))
                  .contains(problem)
                  .doesNotContain("hunter2");
            });
  }

  /** Every message of the failure's cause chain: Spring reports binding failures in layers. */
  private static String messages(Throwable failure) {
    StringBuilder all = new StringBuilder();
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      all.append(cause.getMessage()).append('\n');
    }
    return all.toString();
  }
}
