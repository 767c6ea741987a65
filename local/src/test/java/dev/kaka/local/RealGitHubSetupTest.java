package dev.kaka.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./kaka up} against real GitHub tells a newcomer what to set up before it starts. */
class RealGitHubSetupTest {

  @Test
  void withoutCredentialsItExplainsBothTheAppAndTheTokenAndStartsNothing(@TempDir Path dataDir) {
    Run run = up(dataDir, Map.of());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.output())
        .contains("KAKA_GITHUB_APP_ID", "KAKA_GITHUB_APP_PRIVATE_KEY_FILE", "GITHUB_TOKEN")
        .contains("Contents, Issues and Pull requests read/write", "Checks and Actions read")
        .contains("Issue comment", "Pull request review comment", "install it on the repositories")
        .contains("KAKA_WEBHOOK_SECRET");
    assertThat(dataDir).isEmptyDirectory();
  }

  @Test
  void anAppIdWithoutItsKeyIsNamed(@TempDir Path dataDir) {
    Run run = up(dataDir, Map.of("KAKA_GITHUB_APP_ID", "1234", "KAKA_WEBHOOK_SECRET", "s"));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.output())
        .contains("KAKA_GITHUB_APP_PRIVATE_KEY_FILE: a GitHub App needs both")
        .doesNotContain("GITHUB_TOKEN:");
  }

  private static Run up(Path dataDir, Map<String, String> more) {
    Map<String, String> env = new HashMap<>(more);
    env.put("KAKA_DATA_DIR", dataDir.toString());
    env.put("PATH", System.getenv("PATH"));
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    int exitCode =
        new Kaka(env, new PrintStream(printed, true, StandardCharsets.UTF_8)).run(List.of("up"));
    return new Run(exitCode, printed.toString(StandardCharsets.UTF_8));
  }

  private record Run(int exitCode, String output) {}
}
