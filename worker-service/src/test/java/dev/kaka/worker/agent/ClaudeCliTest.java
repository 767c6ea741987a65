package dev.kaka.worker.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.kaka.common.event.AgentReport;
import dev.kaka.common.event.AgentReport.PermissionDenial;
import dev.kaka.common.event.FailureKind;
import dev.kaka.testkit.anthropic.ClaudeCli;
import dev.kaka.testkit.anthropic.FakeAnthropicApi;
import dev.kaka.testkit.anthropic.Script;
import dev.kaka.worker.agent.AgentResult.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent runner against the real Claude Code CLI, which talks to a scripted fake of the
 * Anthropic Messages API. Skipped only where the CLI is not installed; CI installs it. Every run's
 * stdout is written to {@code target/claude-recordings/}, the source of the recordings the stub
 * agent and the parser tests are held to.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ClaudeCliTest {

  private static final Duration GENEROUS = Duration.ofMinutes(1);
  private static final Path RECORDINGS = Path.of("target", "claude-recordings");

  private static Path claude;

  @TempDir Path workspace;
  @TempDir Path home;
  private String marker;

  @BeforeAll
  static void findTheCli() {
    claude = ClaudeCli.find().orElse(null);
    assumeThat(claude).as(ClaudeCli.notFoundMessage()).isNotNull();
  }

  @BeforeEach
  void repository() throws IOException {
    Files.writeString(workspace.resolve("README.md"), "# Demo\n\nHello from the test repo.\n");
    marker = UUID.randomUUID().toString();
  }

  @Test
  void aRunThatWritesAFileSucceedsWithTurnsCostTokensAndProgress() {
    List<AgentProgress> progress = new CopyOnWriteArrayList<>();
    // The pause between the turns lets a progress report fall between them.
    Script script =
        Script.pausing(
            Duration.ofMillis(1500),
            Script.writeFile("KAKA_CHANGE.md", "# Change\n", "Added KAKA_CHANGE.md."));
    try (FakeAnthropicApi api = FakeAnthropicApi.start(script)) {
      AgentResult result =
          run(
              "write_file",
              api,
              Map.of(
                  "kaka.agent.model", "claude-sonnet-5-5",
                  "kaka.agent.append-system-prompt", "House rule " + marker,
                  "kaka.agent.progress-interval", "200ms"),
              progress::add);

      assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
      assertThat(result.failure()).isNull();
      assertThat(result.reason()).isEqualTo("completed");
      assertThat(workspace.resolve("KAKA_CHANGE.md")).hasContent("# Change\n");
      AgentReport report = result.report();
      assertThat(report.summary()).isEqualTo("Added KAKA_CHANGE.md.");
      assertThat(report.turns()).isEqualTo(2);
      assertThat(report.costUsd()).isPositive();
      assertThat(report.durationMs()).isPositive();
      assertThat(report.sessionId()).hasSize(36);
      assertThat(report.usage().inputTokens()).isEqualTo(2400);
      assertThat(report.usage().outputTokens()).isEqualTo(600);
      assertThat(report.permissionDenials()).isEmpty();
      assertThat(report.transcript().lines()).first().asString().contains("\"subtype\":\"init\"");
      assertThat(report.transcript().lines()).last().asString().contains("\"type\":\"result\"");
      assertThat(progress).contains(new AgentProgress(1, "Write", List.of("KAKA_CHANGE.md")));
      // The limits reached the CLI as flags.
      assertThat(api.requests())
          .hasSize(2)
          .allSatisfy(
              request -> {
                assertThat(request.model()).isEqualTo("claude-sonnet-5-5");
                assertThat(request.system()).contains("House rule " + marker);
              });
    }
  }

  @Test
  void aRunThatReachesTheTurnLimitFailsAsMaxTurns() {
    try (FakeAnthropicApi api =
        FakeAnthropicApi.start(Script.readForever(workspace.resolve("README.md")))) {
      AgentResult result = run("max_turns", api, Map.of("kaka.agent.max-turns", "2"));

      assertThat(result.failure()).isEqualTo(FailureKind.AGENT_MAX_TURNS);
      assertThat(result.retryable()).isFalse();
      assertThat(result.message())
          .isEqualTo(
              "The agent stopped after 3 turns without finishing: Reached maximum number "
                  + "of turns (2). Narrow the issue down, or raise kaka.agent.max-turns.");
      assertThat(result.report().turns()).isEqualTo(3);
      assertThat(result.report().costUsd()).isPositive();
      assertThat(api.requests()).hasSize(2);
    }
  }

  @Test
  void aRunThatSpendsItsBudgetFailsAsBudgetExceeded() {
    try (FakeAnthropicApi api =
        FakeAnthropicApi.start(Script.readForever(workspace.resolve("README.md")))) {
      AgentResult result = run("budget_exceeded", api, Map.of("kaka.agent.max-budget-usd", "0.01"));

      assertThat(result.failure()).isEqualTo(FailureKind.AGENT_BUDGET_EXCEEDED);
      assertThat(result.message())
          .startsWith("The agent stopped at its budget (it spent $0.0")
          .contains("Reached maximum budget ($0.01)")
          .endsWith("raise kaka.agent.max-budget-usd.");
      assertThat(result.report().costUsd()).isGreaterThan(0.01);
    }
  }

  @Test
  void aRefusedToolUseIsReportedWithWhatItAimedAt() {
    String command = "curl -s https://example.com/" + marker;
    try (FakeAnthropicApi api =
        FakeAnthropicApi.start(Script.runCommand(command, "I could not run it."))) {
      AgentResult result = run("denied_tool", api, Map.of());

      assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
      assertThat(result.report().permissionDenials())
          .containsExactly(new PermissionDenial("Bash", command));
      assertThat(api.requests().get(1).toolResults())
          .singleElement()
          .satisfies(refused -> assertThat(refused.isError()).isTrue());
      assertThat(PermissionDenials.noChangesMessage(result.report().permissionDenials()))
          .startsWith("The agent changed no file and was refused 1 tool use: Bash `curl -s");
    }
  }

  @Test
  void anUnreachableApiFailsQuicklyAsApiUnreachable() {
    FakeAnthropicApi closed = FakeAnthropicApi.start(Script.hang());
    closed.close();

    AgentResult result = run("connection_refused", closed, Map.of());

    assertThat(result.failure()).isEqualTo(FailureKind.AGENT_API_UNREACHABLE);
    assertThat(result.retryable()).isTrue();
    assertThat(result.reason()).isEqualTo("api_error");
    assertThat(result.message())
        .startsWith("The agent could not reach the Anthropic API: API Error: Connection refused")
        .endsWith("check the worker's network, proxy and ANTHROPIC_BASE_URL.");
  }

  @Test
  void anApiThatKeepsFailingFailsAsApiUnreachable() {
    try (FakeAnthropicApi api = FakeAnthropicApi.start(Script.serverError())) {
      AgentResult result = run("api_error", api, Map.of());

      assertThat(result.failure()).isEqualTo(FailureKind.AGENT_API_UNREACHABLE);
      assertThat(result.message()).contains("API Error: 500");
      // CLAUDE_CODE_MAX_RETRIES=1: the first call and one retry.
      assertThat(api.requests()).hasSize(2);
    }
  }

  @Test
  void anApiOutageFailsFastAndRetryableWithoutAnyRetrySetting() {
    try (FakeAnthropicApi api = FakeAnthropicApi.start(Script.serverError())) {
      Map<String, String> environment = new HashMap<>(ClaudeCli.environment(api, home));
      environment.remove("CLAUDE_CODE_MAX_RETRIES");
      long start = System.nanoTime();

      AgentResult result =
          run("api_outage", environment, Map.of(), Duration.ofMinutes(2), ProgressListener.NONE);

      assertThat(result.failure()).isEqualTo(FailureKind.AGENT_API_UNREACHABLE);
      assertThat(result.retryable()).isTrue();
      // kaka.agent.api-retries=2: the first call and two retries, not the CLI's minutes of them
      assertThat(api.requests()).hasSize(3);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMinutes(1));
    }
  }

  @Test
  void aMissingApiKeyFailsAsNotAuthenticated() {
    try (FakeAnthropicApi api = FakeAnthropicApi.start(Script.hang())) {
      Map<String, String> environment = new HashMap<>(ClaudeCli.environment(api, home));
      environment.remove("ANTHROPIC_API_KEY");

      AgentResult result =
          run("not_logged_in", environment, Map.of(), Duration.ofMinutes(1), ProgressListener.NONE);

      assertThat(result.failure()).isEqualTo(FailureKind.AGENT_NOT_AUTHENTICATED);
      assertThat(result.message())
          .isEqualTo(
              "The agent could not authenticate with the Anthropic API: Not logged in · "
                  + "Please run /login. Give the worker a valid ANTHROPIC_API_KEY; it reaches the "
                  + "agent through kaka.agent.environment.");
      assertThat(api.requests()).isEmpty();
    }
  }

  @Test
  void aRejectedApiKeyFailsAsNotAuthenticated() {
    try (FakeAnthropicApi api =
        FakeAnthropicApi.start(Script.failing(401, "authentication_error"))) {
      AgentResult result = run("unauthorized", api, Map.of());

      assertThat(result.failure()).isEqualTo(FailureKind.AGENT_NOT_AUTHENTICATED);
      assertThat(result.message()).contains("401");
    }
  }

  @Test
  void aRunPastTheTimeoutIsKilledWithEveryProcessItStarted() throws Exception {
    try (FakeAnthropicApi api = FakeAnthropicApi.start(Script.hang())) {
      Map<String, String> environment = new HashMap<>(ClaudeCli.environment(api, home));
      // The CLI's own request timeout must not end the run before Kaka's does.
      environment.put("API_TIMEOUT_MS", "600000");
      CompletableFuture<AgentResult> run =
          CompletableFuture.supplyAsync(
              () ->
                  run(
                      "timed_out",
                      environment,
                      Map.of(),
                      Duration.ofSeconds(3),
                      ProgressListener.NONE));
      await().atMost(GENEROUS).until(() -> !api.requests().isEmpty());
      List<ProcessHandle> tree = cliProcesses();

      AgentResult result = run.get(1, TimeUnit.MINUTES);

      assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
      assertThat(result.failure()).isEqualTo(FailureKind.AGENT_TIMED_OUT);
      assertThat(result.message()).startsWith("The agent ran longer than 3s and was stopped");
      assertThat(result.report().transcript().lines())
          .singleElement()
          .asString()
          .contains("\"subtype\":\"init\"");
      assertThat(tree).isNotEmpty().noneMatch(ProcessHandle::isAlive);
      assertThat(cliProcesses()).isEmpty();
    }
  }

  @Test
  void aSessionTheCliCannotFindIsRefusedBeforeAnyTurn() {
    String id = UUID.randomUUID().toString();
    try (FakeAnthropicApi api = FakeAnthropicApi.start(Script.hang())) {
      AgentResult result =
          run("session_refused", api, SessionPlan.resume(id, "not a session\n", 1_000_000));

      assertThat(result.sessionRefused()).isTrue();
      assertThat(result.failure()).isEqualTo(FailureKind.AGENT_FAILED);
      assertThat(result.message())
          .isEqualTo(
              "The agent could not resume session "
                  + id
                  + ": No conversation found with session ID: "
                  + id
                  + ".");
      assertThat(api.requests()).isEmpty();
    }
  }

  @Test
  void aResumedConversationThatFailsIsAnOrdinaryFailureNotARefusedSession() {
    AgentSession kept;
    try (FakeAnthropicApi api =
        FakeAnthropicApi.start(
            Script.writeFile("KAKA_CHANGE.md", "# Change\n", "Added KAKA_CHANGE.md."))) {
      kept = run("session_kept", api, SessionPlan.fresh(1_000_000)).session();
    }
    assertThat(kept.content()).contains("Added KAKA_CHANGE.md.");
    try (FakeAnthropicApi api = FakeAnthropicApi.start(Script.serverError())) {
      AgentResult result =
          run(
              "resumed_api_error",
              api,
              SessionPlan.resume(kept.sessionId(), kept.content(), 1_000_000));

      assertThat(result.sessionRefused()).isFalse();
      assertThat(result.failure()).isEqualTo(FailureKind.AGENT_API_UNREACHABLE);
      // the CLI took the session: the earlier conversation reached the API
      assertThat(api.requests().get(0).body().toString()).contains("Added KAKA_CHANGE.md.");
    }
  }

  private AgentResult run(String name, FakeAnthropicApi api, SessionPlan session) {
    return run(
        name, ClaudeCli.environment(api, home), Map.of(), GENEROUS, ProgressListener.NONE, session);
  }

  private AgentResult run(String name, FakeAnthropicApi api, Map<String, String> settings) {
    return run(name, api, settings, ProgressListener.NONE);
  }

  private AgentResult run(
      String name, FakeAnthropicApi api, Map<String, String> settings, ProgressListener progress) {
    return run(name, ClaudeCli.environment(api, home), settings, GENEROUS, progress);
  }

  private AgentResult run(
      String name,
      Map<String, String> environment,
      Map<String, String> settings,
      Duration timeout,
      ProgressListener progress) {
    return run(name, environment, settings, timeout, progress, SessionPlan.NONE);
  }

  private AgentResult run(
      String name,
      Map<String, String> environment,
      Map<String, String> settings,
      Duration timeout,
      ProgressListener progress,
      SessionPlan session) {
    Agent agent =
        new CommandLineAgent(TestAgents.properties(defaultCommand(), settings), environment);
    AgentResult result =
        agent.run(
            new AgentRequest(
                "t-" + name,
                workspace,
                "Implement issue #1 (" + marker + ")",
                timeout,
                progress,
                null,
                null,
                session));
    record(name, result.report().transcript().lines());
    return result;
  }

  /** The default command, with the CLI found for the test in place of a bare "claude". */
  private static List<String> defaultCommand() {
    List<String> command = new ArrayList<>(TestAgents.defaults().command());
    command.set(0, claude.toString());
    return command;
  }

  private void record(String name, List<String> lines) {
    try {
      Files.createDirectories(RECORDINGS);
      Files.write(
          RECORDINGS.resolve(name + ".jsonl"),
          lines.stream()
              .map(
                  line ->
                      line.replace(workspace.toString(), "/workspace/repo")
                          .replace(workspace.toString().replace('/', '-'), "-workspace-repo")
                          .replace(home.toString(), "/workspace/home")
                          .replace(marker, "kaka-test"))
              .toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<ProcessHandle> cliProcesses() {
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .filter(process -> process.info().commandLine().orElse("").contains(marker))
        .flatMap(process -> Stream.concat(Stream.of(process), process.descendants()))
        .distinct()
        .toList();
  }
}
