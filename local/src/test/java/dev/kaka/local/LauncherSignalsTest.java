package dev.kaka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./kaka up --sandbox} as a separate process, stopped by a signal the way a terminal or a
 * process manager stops it: whenever the signal comes, start-up included, no process it started
 * outlives it, and a second launcher on the same data says so instead of failing half-way.
 */
class LauncherSignalsTest {

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  @Test
  void sigtermWhileTheServicesStartStopsEveryOneOfThem(@TempDir Path dataDir) throws Exception {
    Launcher launcher = Launcher.start(dataDir);

    launcher.awaitOutput("Starting ingress, worker and notifier");
    await().atMost(Duration.ofSeconds(30)).until(() -> launcher.children().size() >= 3);
    List<ProcessHandle> children = launcher.children();
    launcher.signal("TERM");

    assertThat(launcher.awaitExit()).as(launcher.output()).isTrue();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(children)
                    .as("processes left running")
                    .noneMatch(ProcessHandle::isAlive));
    assertThat(launcher.output()).contains("stopped").doesNotContain("\tat ");
  }

  @Test
  void sighupOnceReadyStopsEverythingAndASecondLauncherIsTurnedAway(@TempDir Path dataDir)
      throws Exception {
    Launcher launcher = Launcher.start(dataDir);
    launcher.awaitOutput("Kaka is running");
    List<ProcessHandle> children = launcher.children();

    Launcher second = Launcher.start(dataDir);
    assertThat(second.awaitExit()).isTrue();
    assertThat(second.exitCode()).isEqualTo(2);
    assertThat(second.output()).contains("another ./kaka is running on").doesNotContain("\tat ");

    launcher.signal("HUP");
    assertThat(launcher.awaitExit()).as(launcher.output()).isTrue();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(children)
                    .as("processes left running")
                    .noneMatch(ProcessHandle::isAlive));
  }

  /** The launcher's JVM, started with this test's class path and free ports. */
  private record Launcher(Process process, Path log) {

    static Launcher start(Path dataDir) throws IOException {
      Path log = Files.createTempFile(dataDir.getParent(), "launcher", ".log");
      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  "-Dkaka.home=" + ServiceJars.inBuild().home(),
                  Kaka.class.getName(),
                  "up",
                  "--sandbox")
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      Map<String, String> env = builder.environment();
      env.put("KAKA_DATA_DIR", dataDir.toString());
      env.put("KAKA_INGRESS_PORT", Integer.toString(Kaka.freePort()));
      env.put("KAKA_WORKER_PORT", Integer.toString(Kaka.freePort()));
      env.put("KAKA_NOTIFIER_PORT", Integer.toString(Kaka.freePort()));
      return new Launcher(builder.start(), log);
    }

    void awaitOutput(String text) {
      await()
          .atMost(Duration.ofSeconds(150))
          .until(() -> output().contains(text) || !process.isAlive());
      assertThat(output()).as("the launcher's output").contains(text);
    }

    List<ProcessHandle> children() {
      return new ArrayList<>(process.descendants().toList());
    }

    void signal(String name) throws IOException, InterruptedException {
      new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor();
    }

    boolean awaitExit() throws InterruptedException {
      return process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    int exitCode() {
      return process.exitValue();
    }

    String output() {
      try {
        return Files.readString(log, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(no output: " + e + ")";
      }
    }
  }
}
