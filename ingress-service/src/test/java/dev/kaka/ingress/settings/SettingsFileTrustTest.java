package dev.kaka.ingress.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.ingress.trigger.Permission;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What {@code .github/kaka.yml} may say about who starts Kaka: narrow it, never widen it. */
class SettingsFileTrustTest {

  @Test
  void aMinimumPermissionIsRead() {
    assertThat(
            SettingsFile.parse("trigger:\n  min-permission: Maintain\n").trigger().minPermission())
        .isEqualTo(Permission.MAINTAIN);
    assertThat(SettingsFile.parse("trigger:\n  label: ai\n").trigger().minPermission()).isNull();
  }

  static Stream<Arguments> widening() {
    return Stream.of(
        Arguments.of(
            "trigger:\n  associations: [OWNER, NONE]\n",
            "`.github/kaka.yml`: `trigger.associations` may only narrow who starts Kaka: it takes "
                + "`OWNER`, `MEMBER` and `COLLABORATOR`, got `NONE`"),
        Arguments.of(
            "trigger:\n  associations: [contributor]\n",
            "`.github/kaka.yml`: `trigger.associations` may only narrow who starts Kaka: it takes "
                + "`OWNER`, `MEMBER` and `COLLABORATOR`, got `contributor`"),
        Arguments.of(
            "trigger:\n  min-permission: none\n",
            "`.github/kaka.yml`: `trigger.min-permission` must be one of `read`, `triage`, "
                + "`write`, `maintain` and `admin`, at least Kaka's own minimum, got `none`"),
        Arguments.of(
            "trigger:\n  min-permission: owner\n",
            "`.github/kaka.yml`: `trigger.min-permission` must be one of `read`, `triage`, "
                + "`write`, `maintain` and `admin`, at least Kaka's own minimum, got `owner`"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("widening")
  void aFileThatWouldWidenWhoStartsKakaIsInvalidAndSaysWhichKey(String file, String problem) {
    var settings = SettingsFile.parse(file);

    assertThat(settings.task().problem()).isEqualTo(problem);
    assertThat(settings.trigger().allowedAssociations()).isNull();
    assertThat(settings.trigger().minPermission()).isNull();
  }
}
