package dev.kaka.testkit.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class StubAgentTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Every recording of the real CLI: see recordings/README.md. */
  private static final List<String> RECORDINGS =
      List.of(
          "write_file",
          "loop_forever",
          "api_error",
          "write_file_sonnet",
          "max_turns",
          "budget_exceeded",
          "denied_tool",
          "server_error",
          "unauthorized",
          "not_logged_in",
          "connection_refused",
          "timed_out");

  @TempDir Path workspace;
  @TempDir Path bin;
  private Path script;

  @BeforeEach
  void install() {
    script = StubAgent.install(bin);
  }

  @Test
  void installsAnExecutableScriptThatCanBeInstalledAgain() {
    assertThat(script).isExecutable().hasFileName("stub-claude");
    assertThat(StubAgent.install(bin)).isEqualTo(script).isExecutable();
    assertThat(StubAgent.command(script))
        .startsWith(script.toString(), "-p", "{prompt}", "--output-format", "stream-json");
  }

  @Test
  void succeedsByWritingAFileNamedAfterTheFirstPromptLine() throws IOException {
    Run run = run("\n  Fix the \"teh\" typo \\ in the README ✓\tnow\u0001\n\nMore text.");

    assertThat(run.exitCode).isZero();
    assertThat(types(run))
        .containsExactly("system", "assistant", "assistant", "user", "assistant", "result");
    String expected =
        "# Fix the \"teh\" typo \\ in the README ✓\tnow\u0001\n\n"
            + "Implemented by the stub agent.\n";
    assertThat(workspace.resolve(StubAgent.CHANGED_FILE)).hasContent(expected);
    JsonNode write = run.lines.get(2).path("message").path("content").get(0);
    assertThat(write.path("name").asString()).isEqualTo("Write");
    assertThat(write.path("input").path("file_path").asString())
        .isEqualTo(workspace.resolve(StubAgent.CHANGED_FILE).toRealPath().toString());
    assertThat(write.path("input").path("content").asString()).isEqualTo(expected);
    JsonNode result = run.result();
    assertThat(result.path("subtype").asString()).isEqualTo("success");
    assertThat(result.path("is_error").booleanValue()).isFalse();
    assertThat(result.path("num_turns").intValue()).isEqualTo(2);
    assertThat(result.path("total_cost_usd").isNumber()).isTrue();
    assertThat(result.path("result").asString())
        .isEqualTo("Added KAKA_CHANGE.md for: Fix the \"teh\" typo \\ in the README ✓\tnow\u0001");
    assertThat(result.path("session_id").asString())
        .isEqualTo(run.lines.get(0).path("session_id").asString())
        .hasSize(36);
  }

  @Test
  void recordArgumentsWritesTheFlagsAndThePromptAndStillSucceeds() throws Exception {
    String prompt = "Fix it\nwith care " + StubAgent.RECORD_ARGUMENTS;
    List<String> command = new ArrayList<>();
    for (String argument : StubAgent.command(script)) {
      command.add(argument.replace("{prompt}", prompt));
    }
    command.addAll(List.of("--max-turns", "7", "--model", "sonnet"));
    Process process =
        new ProcessBuilder(command)
            .directory(workspace.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).isZero();
    assertThat(workspace.resolve(StubAgent.CHANGED_FILE)).exists();
    assertThat(Files.readString(workspace.resolve(StubAgent.ARGUMENTS_FILE)))
        .isEqualTo(
            "-p\n{prompt}\n--output-format\nstream-json\n--verbose\n--no-session-persistence\n"
                + "--max-turns\n7\n--model\nsonnet\n\n"
                + prompt
                + "\n");
  }

  @Test
  void noChangeReportsSuccessAndLeavesTheWorkspaceAlone() throws IOException {
    Run run = run("Explain the build " + StubAgent.NO_CHANGE);

    assertThat(run.exitCode).isZero();
    assertThat(run.result().path("is_error").booleanValue()).isFalse();
    try (Stream<Path> files = Files.list(workspace)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void failEndsLikeAnApiErrorOfTheRealCli() {
    Run run = run("Fix it " + StubAgent.FAIL);

    assertThat(run.exitCode).isEqualTo(1);
    JsonNode result = run.result();
    assertThat(result.path("subtype").asString()).isEqualTo("success");
    assertThat(result.path("is_error").booleanValue()).isTrue();
    assertThat(result.path("terminal_reason").asString()).isEqualTo("api_error");
    assertThat(result.path("result").asString()).startsWith("API Error: 500");
  }

  @Test
  void crashExitsWithoutAResultLine() {
    Run run = run("Fix it " + StubAgent.CRASH);

    assertThat(run.exitCode).isEqualTo(137);
    assertThat(types(run)).containsExactly("system");
    assertThat(run.stderr).contains("simulated crash");
  }

  @Test
  void slowSleepsBeforeSucceeding() {
    Run run = run("Fix it " + StubAgent.slow(1));

    assertThat(run.exitCode).isZero();
    assertThat(run.result().path("duration_ms").longValue()).isGreaterThanOrEqualTo(900);
    assertThat(workspace.resolve(StubAgent.CHANGED_FILE)).exists();
  }

  @Test
  void startLogRecordsWhenEachRunBeganAndItsPromptsFirstLine() throws Exception {
    Path log = bin.resolve("starts.tsv");
    Instant before = Instant.now();
    for (String prompt : List.of("\n  First task\tin tabs\nmore", "Second task")) {
      List<String> command = new ArrayList<>();
      for (String argument : StubAgent.command(script, log)) {
        command.add(argument.replace("{prompt}", prompt));
      }
      Process process =
          new ProcessBuilder(command)
              .directory(workspace.toFile())
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isZero();
    }
    Instant after = Instant.now();

    List<StubAgent.Start> starts = StubAgent.starts(log);

    assertThat(starts)
        .extracting(StubAgent.Start::promptFirstLine)
        .containsExactly("First task\tin tabs", "Second task");
    assertThat(starts).allSatisfy(start -> assertThat(start.at()).isBetween(before, after));
    assertThat(starts.get(0).at()).isBefore(starts.get(1).at());
    assertThat(StubAgent.starts(bin.resolve("never-written.tsv"))).isEmpty();
  }

  @Test
  void hangRunsUntilKilled() throws Exception {
    Process process = start("Fix it " + StubAgent.HANG);
    try {
      assertThat(process.waitFor(1500, TimeUnit.MILLISECONDS)).isFalse();
      assertThat(process.descendants()).isNotEmpty();
    } finally {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
    }
  }

  /** Every line the stub prints has the exact field structure of a line the real CLI printed. */
  @ParameterizedTest
  @ValueSource(strings = {StubAgent.SUCCEED, StubAgent.NO_CHANGE, StubAgent.FAIL, StubAgent.CRASH})
  void printsOnlyLineShapesTheRealCliPrinted(String marker) {
    Set<String> recorded = recordedShapes();

    Run run = run("Implement issue #1 " + marker);

    assertThat(run.lines)
        .isNotEmpty()
        .allSatisfy(line -> assertThat(recorded).contains(shape(line)));
  }

  /**
   * Unsandboxed, every escape works: so a sandboxed run of the same scenario that finds nothing
   * shows the fence, not a stub that never tried.
   */
  @Test
  void escapeTriesEveryWayOutAndLeavesTheEvidence() throws Exception {
    // a plant of its own, not even starting like p1: runs sharing the machine, or a worker test
    // looking for a command line containing kaka-escape-daemon-p1, never see this test's daemon
    String plant = "stub-test-" + UUID.randomUUID().toString().substring(0, 8);
    String token = "ghp_fakeToken" + UUID.randomUUID().toString().replace("-", "");
    Path secret = Files.writeString(bin.resolve("secret-token"), "token=" + token + "\n");
    Path home = Files.createDirectories(bin.resolve("home"));
    Path tmp = Files.createDirectories(bin.resolve("tmp"));
    Map<String, String> environment = Map.of("HOME", home.toString(), "TMPDIR", tmp.toString());
    git(environment, "init", "-q");
    try (ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String target = "127.0.0.1:" + listening.getLocalPort();
      String prompt =
          String.join(
              " ",
              "Look around",
              StubAgent.ESCAPE,
              StubAgent.escapeRead(secret.toString()),
              StubAgent.escapePlant(plant),
              StubAgent.escapeConnect(target),
              StubAgent.escapeConnect("127.0.0.1:1"));

      Run run = run(prompt, environment);

      assertThat(run.exitCode).isZero();
      Set<String> recorded = recordedShapes();
      assertThat(run.lines).allSatisfy(line -> assertThat(recorded).contains(shape(line)));
      assertThat(run.result().path("is_error").booleanValue()).isFalse();
      assertThat(run.result().path("result").asString()).contains(token);
      // Latin-1: the environments and files it read need not be UTF-8
      String report =
          Files.readString(workspace.resolve(StubAgent.ESCAPE_REPORT), StandardCharsets.ISO_8859_1);
      assertThat(report)
          .contains(
              "## Leftovers of an earlier run",
              "## Own environment",
              "## Processes",
              "## Read " + secret,
              "## Read /run/secrets",
              "## Git sabotage",
              "## Plants for the next run",
              "## Daemon",
              "## Connect " + target,
              "## Loot");
      assertThat(report)
          .contains("absent: " + home.resolve(plant), "absent: /tmp/" + plant)
          .doesNotContain("present: ");
      assertThat(report)
          .contains(
              "## Connect " + target + "\n\nthrough the proxy",
              "direct: connected",
              "direct: refused/unreachable");
      assertThat(report).contains("set with git config: core.hooksPath");

      String loot =
          new String(
              Base64.getDecoder()
                  .decode(Files.readString(workspace.resolve(StubAgent.LOOT_BASE64))),
              StandardCharsets.UTF_8);
      assertThat(loot).contains(token);
      String hex = Files.readString(workspace.resolve(StubAgent.LOOT_HEX));
      assertThat(new String(HexFormat.of().parseHex(hex), StandardCharsets.UTF_8)).contains(token);
      assertThat(workspace.resolve(StubAgent.LOOT_REVERSED))
          .content(StandardCharsets.ISO_8859_1)
          .contains(new StringBuilder(token).reverse());

      assertThat(daemons(plant)).as("the daemon, running on after the stub").isNotEmpty();
      assertThat(home.resolve(plant)).hasContent(plant + "\n");
      assertThat(Path.of("/tmp", plant)).hasContent(plant + "\n");
      assertThat(Files.readString(home.resolve(".gitconfig")))
          .contains("insteadOf", "hooksPath", plant);

      // the planted hooks and filter run as soon as git stages and commits the workspace
      git(environment, "add", "-A");
      git(
          environment,
          "-c",
          "user.name=Stub",
          "-c",
          "user.email=stub@example.invalid",
          "commit",
          "-q",
          "-m",
          "Stub change");
      assertThat(Files.readString(workspace.resolve(StubAgent.HOOK_RAN_FILE)))
          .contains("clean filter ran", "pre-commit ran", "post-commit ran");
      assertThat(Path.of("/tmp", "kaka-hook-ran-" + plant)).exists();

      // and a second run finds the first one's plants
      run(prompt, environment);
      assertThat(workspace.resolve(StubAgent.ESCAPE_REPORT))
          .content(StandardCharsets.ISO_8859_1)
          .contains(
              "present: " + home.resolve(plant),
              "present: /tmp/" + plant,
              "present: " + home.resolve(".gitconfig"));
    } finally {
      daemons(plant)
          .forEach(
              daemon -> {
                daemon.descendants().forEach(ProcessHandle::destroyForcibly);
                daemon.destroyForcibly();
              });
      Files.deleteIfExists(Path.of("/tmp", plant));
      Files.deleteIfExists(Path.of("/tmp", "kaka-hook-ran-" + plant));
    }
  }

  private static List<ProcessHandle> daemons(String plant) {
    String name = StubAgent.escapeDaemon(plant);
    return ProcessHandle.allProcesses()
        .filter(process -> process.info().commandLine().orElse("").contains(name))
        .toList();
  }

  private void git(Map<String, String> environment, String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(arguments));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(workspace.toFile()).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("git %s: %s", arguments, output).isZero();
  }

  private static Set<String> recordedShapes() {
    Set<String> recorded = new TreeSet<>();
    for (String recording : RECORDINGS) {
      recording(recording).forEach(line -> recorded.add(shape(line)));
    }
    return recorded;
  }

  private static List<String> types(Run run) {
    return run.lines.stream().map(line -> line.path("type").asString()).toList();
  }

  /** The field names, recursively; values count only as scalar, array or object. */
  private static String shape(JsonNode node) {
    if (node.isObject()) {
      Map<String, String> fields = new TreeMap<>();
      node.properties().forEach(field -> fields.put(field.getKey(), shape(field.getValue())));
      return fields.toString();
    }
    if (node.isArray()) {
      return node.values().stream()
          .map(StubAgentTest::shape)
          .collect(Collectors.toCollection(TreeSet::new))
          .toString();
    }
    return "scalar";
  }

  private static List<JsonNode> recording(String name) {
    String resource = "recordings/" + name + ".jsonl";
    try (InputStream in = StubAgentTest.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(JSON::readTree)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Process start(String prompt) {
    return start(prompt, Map.of());
  }

  private Process start(String prompt, Map<String, String> environment) {
    List<String> command = new ArrayList<>();
    for (String argument : StubAgent.command(script)) {
      command.add(argument.replace("{prompt}", prompt));
    }
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(workspace.toFile());
      builder.environment().putAll(environment);
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Run run(String prompt) {
    return run(prompt, Map.of());
  }

  private Run run(String prompt, Map<String, String> environment) {
    Process process = start(prompt, environment);
    try {
      process.getOutputStream().close();
      String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      return new Run(process.exitValue(), stdout.lines().map(JSON::readTree).toList(), stderr);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private record Run(int exitCode, List<JsonNode> lines, String stderr) {

    JsonNode result() {
      return lines.get(lines.size() - 1);
    }
  }
}
