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

  // one data directory, two runs: the second starts on what the first left, as a newcomer's does
  @Test
  void theDemoTurnsAnIssueIntoAPullRequestStopsEverythingAndRunsAgainOnItsData(
      @TempDir Path dataDir) {
    Set<Long> before = children();

    String first = demo(dataDir, 1);

    assertThat(first)
        .contains("webhook accepted, task")
        .containsPattern(
            "pull request http://127\\.0\\.0\\.1:\\d+/kaka-sandbox/hello-kaka/pull/\\d+")
        .contains("files changed: [\"KAKA_CHANGE.md\"]");
    assertThat(children()).as("processes the demo left running").isSubsetOf(before);

    demo(dataDir, 2);
  }

  /** Runs {@code ./kaka demo} on {@code dataDir}; what it printed, once it completed a task. */
  private static String demo(Path dataDir, int run) {
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
    return output;
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
