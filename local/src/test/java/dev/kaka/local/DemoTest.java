package dev.kaka.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./kaka demo} as a newcomer runs it: its own broker, database, sandbox and services. */
class DemoTest {

  @Test
  void theDemoTurnsAnIssueIntoAPullRequestAndStopsEverything(@TempDir Path dataDir) {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Kaka kaka =
        new Kaka(
            Map.of("KAKA_DATA_DIR", dataDir.toString(), "PATH", System.getenv("PATH")),
            new PrintStream(printed, true, StandardCharsets.UTF_8));

    Set<Long> before = children();

    int exitCode = kaka.run(List.of("demo"));

    String output = printed.toString(StandardCharsets.UTF_8);
    assertThat(exitCode).as(output).isZero();
    assertThat(output)
        .contains("webhook accepted, task")
        .contains("completed")
        .containsPattern(
            "pull request http://127\\.0\\.0\\.1:\\d+/kaka-sandbox/hello-kaka/pull/\\d+")
        .contains("files changed: [\"KAKA_CHANGE.md\"]");
    assertThat(children()).as("processes the demo left running").isSubsetOf(before);
  }

  @Test
  void theDemoRunsAgainOnTheDataOfTheFirstRun(@TempDir Path dataDir) {
    for (int run = 1; run <= 2; run++) {
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      Kaka kaka =
          new Kaka(
              Map.of("KAKA_DATA_DIR", dataDir.toString(), "PATH", System.getenv("PATH")),
              new PrintStream(printed, true, StandardCharsets.UTF_8));

      int exitCode = kaka.run(List.of("demo"));

      String output = printed.toString(StandardCharsets.UTF_8);
      assertThat(exitCode).as("run %d: %s", run, output).isZero();
      assertThat(output)
          .as("run %d", run)
          .contains("completed")
          .doesNotContain("did not become healthy")
          .doesNotContain("\tat ");
    }
  }

  @Test
  void withoutBubblewrapTheDemoSaysWhatToInstallAndStartsNothing(
      @TempDir Path dataDir, @TempDir Path emptyPath) {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Kaka kaka =
        new Kaka(
            Map.of("KAKA_DATA_DIR", dataDir.toString(), "PATH", emptyPath.toString()),
            new PrintStream(printed, true, StandardCharsets.UTF_8));

    int exitCode = kaka.run(List.of("demo"));

    assertThat(exitCode).isEqualTo(2);
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains(
            "needs bwrap and socat", "apt-get install bubblewrap socat", "KAKA_AGENT_SANDBOX=off");
    assertThat(dataDir).isEmptyDirectory();
  }

  private static Set<Long> children() {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .map(ProcessHandle::pid)
        .collect(Collectors.toSet());
  }
}
