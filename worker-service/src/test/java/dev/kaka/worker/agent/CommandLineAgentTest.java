package dev.kaka.worker.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kaka.common.event.AgentReport;
import dev.kaka.common.event.FailureKind;
import dev.kaka.testkit.agent.StubAgent;
import dev.kaka.worker.agent.AgentResult.Outcome;
import dev.kaka.worker.agent.sandbox.AgentSandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The agent runner against the stub CLI, which prints what the real one prints. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CommandLineAgentTest {

  private static final Duration GENEROUS = Duration.ofMinutes(1);
  private static final Map<String, String> WORKER_ENVIRONMENT =
      Map.of("PATH", System.getenv("PATH"), "HOME", System.getProperty("user.home"));

  @TempDir Path workspace;
  @TempDir Path bin;
  private Path script;
  private Agent agent;

  @BeforeEach
  void installStub() {
    script = StubAgent.install(bin);
    agent =
        new CommandLineAgent(TestAgents.properties(StubAgent.command(script)), WORKER_ENVIRONMENT);
  }

  @Test
  void aSuccessfulRunEditsTheWorkspaceAndReportsWhatItCost() {
    AgentResult result = agent.run(request("Fix the typo in the README\n\nIt says teh."));

    assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(result.reason()).isEqualTo("completed");
    assertThat(result.message()).isEqualTo("The agent finished in 2 turns.");
    assertThat(workspace.resolve(StubAgent.CHANGED_FILE))
        .content()
        .startsWith("# Fix the typo in the README\n");
    AgentReport report = result.report();
    assertThat(report.summary()).isEqualTo("Added KAKA_CHANGE.md for: Fix the typo in the README");
    assertThat(report.turns()).isEqualTo(2);
    assertThat(report.costUsd()).isPositive();
    assertThat(report.durationMs()).isNotNull();
    assertThat(report.sessionId()).hasSize(36);
    assertThat(report.usage().inputTokens()).isEqualTo(2400);
    List<String> transcript = report.transcript().lines();
    assertThat(transcript).hasSize(6);
    assertThat(transcript.get(0)).startsWith("{\"type\":\"system\",\"subtype\":\"init\"");
    assertThat(transcript.get(5)).contains("\"type\":\"result\"");
  }

  @Test
  void thePromptReachesTheAgentAsOneArgumentUntouchedByAShell() {
    String title = "Quote \"it\"; $(touch pwned) `touch pwned` & echo \\ 'x' ✓";

    AgentResult result = agent.run(request(title));

    assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(workspace.resolve(StubAgent.CHANGED_FILE)).content().startsWith("# " + title + "\n");
    assertThat(workspace.resolve("pwned")).doesNotExist();
  }

  @Test
  void anApiFailureIsRetryableAndQuotesTheAgentsResult() {
    AgentResult result = agent.run(request("Fix it " + StubAgent.FAIL));

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.failure()).isEqualTo(FailureKind.AGENT_API_UNREACHABLE);
    assertThat(result.retryable()).isTrue();
    assertThat(result.reason()).isEqualTo("api_error");
    assertThat(result.message())
        .startsWith("The agent could not reach the Anthropic API: API Error: 500 Internal server");
    assertThat(result.report().turns()).isEqualTo(1);
    assertThat(result.report().transcript().lines()).hasSize(5);
  }

  @Test
  void aRunThatChangesNothingStillSucceeds() throws IOException {
    AgentResult result = agent.run(request("Explain " + StubAgent.NO_CHANGE));

    assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(result.report().summary()).isNotBlank();
    try (Stream<Path> files = Files.list(workspace)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aCrashWithoutAResultIsAFailureThatQuotesStderr() {
    AgentResult result = agent.run(request("Fix it " + StubAgent.CRASH));

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.reason()).isEqualTo(AgentResult.REASON_NO_RESULT);
    assertThat(result.message())
        .isEqualTo(
            "The agent exited with code 137 (killed by signal 9) before reporting a result: "
                + "kaka-stub: simulated crash, the process was killed (out of memory)");
    assertThat(result.report().turns()).isNull();
    assertThat(result.report().transcript().lines()).hasSize(1);
  }

  @Test
  void aSlowRunWithinTheTimeoutSucceeds() {
    AgentResult result = agent.run(request("Fix it " + StubAgent.slow(1)));

    assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
  }

  @Test
  void aHangingRunIsStoppedWithEveryProcessItStarted() throws Exception {
    CompletableFuture<AgentResult> run =
        CompletableFuture.supplyAsync(
            () -> agent.run(request("Fix it " + StubAgent.HANG, Duration.ofSeconds(2))));
    List<ProcessHandle> tree = awaitStubTree();

    AgentResult result = run.get(1, TimeUnit.MINUTES);

    assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(result.reason()).isEqualTo(AgentResult.REASON_TIMED_OUT);
    assertThat(result.failure()).isEqualTo(FailureKind.AGENT_TIMED_OUT);
    assertThat(result.message())
        .isEqualTo("The agent ran longer than 2s and was stopped, with every process it started.");
    assertThat(result.report().turns()).isNull();
    assertThat(result.report().transcript().lines())
        .singleElement()
        .asString()
        .contains("\"subtype\":\"init\"");
    assertThat(tree).noneMatch(ProcessHandle::isAlive);
    assertThat(stubProcesses()).isEmpty();
  }

  @Test
  void aWorkerShutdownStopsTheAgent() throws Exception {
    AtomicReference<AgentResult> result = new AtomicReference<>();
    Thread runner =
        new Thread(() -> result.set(agent.run(request("Fix it " + StubAgent.HANG, GENEROUS))));
    runner.start();
    List<ProcessHandle> tree = awaitStubTree();

    runner.interrupt();
    runner.join(GENEROUS.toMillis());

    assertThat(result.get().outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.get().reason()).isEqualTo(AgentResult.REASON_INTERRUPTED);
    assertThat(result.get().retryable()).isTrue();
    assertThat(tree).noneMatch(ProcessHandle::isAlive);
    assertThat(stubProcesses()).isEmpty();
  }

  @Test
  void aMissingCommandIsANotInstalledFailureThatSaysHowToFixIt() {
    Agent missing =
        new CommandLineAgent(
            TestAgents.properties(List.of("kaka-no-such-agent", "-p", "{prompt}")),
            WORKER_ENVIRONMENT);

    AgentResult result = missing.run(request("Fix it"));

    assertThat(result.failure()).isEqualTo(FailureKind.AGENT_NOT_INSTALLED);
    assertThat(result.reason()).isEqualTo(AgentResult.REASON_NOT_STARTED);
    assertThat(result.message())
        .isEqualTo(
            "The agent command 'kaka-no-such-agent' was not found on the worker; install it (npm "
                + "install -g @anthropic-ai/claude-code) or set kaka.agent.command.");
    assertThat(result.report().transcript().lines()).isEmpty();
  }

  @Test
  void aMissingWorkspaceIsAFailure() {
    AgentResult result =
        agent.run(new AgentRequest("t-1", workspace.resolve("gone"), "Fix it", GENEROUS));

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.message()).contains("workspace").contains("gone");
  }

  @Test
  void theAgentSeesOnlyAllowListedVariablesAndItsTranscriptHidesTheKey() {
    Map<String, String> worker =
        Map.of(
            "PATH", System.getenv("PATH"),
            "GITHUB_TOKEN", "ghp_secret",
            "KAKA_GITHUB_WEBHOOK_SECRET", "hook-secret",
            "ANTHROPIC_API_KEY", "sk-ant-test",
            "CLAUDE_CODE_MAX_RETRIES", "5");
    // `env` prints the environment it was given: plain lines, which the runner must pass over.
    // The shell before it takes the CLI flags that follow as its own arguments, and adds PWD.
    Agent printsEnvironment =
        new CommandLineAgent(TestAgents.properties(List.of("sh", "-c", "exec env")), worker);

    AgentResult result = printsEnvironment.run(request("ignored"));

    assertThat(result.report().transcript().lines())
        .filteredOn(line -> !line.startsWith("PWD=") && !line.startsWith("CLAUDE_CONFIG_DIR="))
        .containsExactlyInAnyOrder(
            "PATH=" + System.getenv("PATH"),
            "ANTHROPIC_API_KEY=***",
            // the worker's own setting wins over kaka.agent.api-retries; the stall limit is added
            "CLAUDE_CODE_MAX_RETRIES=5",
            "CLAUDE_BYTE_STREAM_IDLE_TIMEOUT_MS=60000");
    // the CLI's state, its session among it, goes to a home of the run's own
    assertThat(result.report().transcript().lines())
        .anySatisfy(
            line ->
                assertThat(line).matches("CLAUDE_CONFIG_DIR=.*/kaka-agent-home-[0-9]+/\\.claude"));
    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.message()).isEqualTo("The agent exited without reporting a result.");
  }

  @Test
  void theLimitsReachTheAgentAsFlagsAfterTheCommand() {
    // The shell prints the arguments it was given after its script: the flags Kaka appended.
    Agent printsArguments =
        new CommandLineAgent(
            TestAgents.properties(
                List.of("sh", "-c", "printf '%s\\n' \"$@\"", "agent", "{prompt}"),
                Map.of(
                    "kaka.agent.max-turns",
                    "7",
                    "kaka.agent.model",
                    "sonnet",
                    "kaka.agent.allowed-tools",
                    "Bash(npm test:*),WebFetch")),
            WORKER_ENVIRONMENT,
            List.of(),
            new PassThroughSandbox());

    AgentResult result = printsArguments.run(request("Fix it"));

    assertThat(result.report().transcript().lines())
        .containsExactly(
            "Fix it",
            "--permission-mode",
            "bypassPermissions",
            "--max-turns",
            "7",
            "--max-budget-usd",
            "10",
            "--model",
            "sonnet",
            "--allowedTools",
            "Bash(npm test:*),WebFetch");
  }

  @Test
  void withoutASandboxTheAgentEditsFilesButRunsNoCommand() {
    Agent printsArguments =
        new CommandLineAgent(
            TestAgents.properties(
                List.of("sh", "-c", "printf '%s\\n' \"$@\"", "agent", "{prompt}"),
                Map.of(
                    "kaka.agent.max-turns",
                    "7",
                    "kaka.agent.permission-mode",
                    "bypassPermissions",
                    "kaka.agent.allowed-tools",
                    "Bash(npm test:*),WebFetch")),
            WORKER_ENVIRONMENT);

    AgentResult result = printsArguments.run(request("Fix it"));

    assertThat(result.report().transcript().lines())
        .containsExactly(
            "Fix it",
            "--permission-mode",
            "acceptEdits",
            "--max-turns",
            "7",
            "--max-budget-usd",
            "10",
            "--allowedTools",
            "WebFetch");
  }

  @Test
  void secretsTheAgentPrintsAreMaskedInTheTranscript() {
    Map<String, String> worker =
        Map.of("PATH", System.getenv("PATH"), "ANTHROPIC_API_KEY", "sk-ant-test-0123456789");
    Agent printsTheKey =
        new CommandLineAgent(
            TestAgents.properties(
                List.of(
                    "sh",
                    "-c",
                    "echo \"{\\\"key\\\":\\\"$ANTHROPIC_API_KEY\\\"}\"; echo configured-secret-1 >&2; "
                        + "exit 3")),
            worker,
            List.of("configured-secret-1"),
            AgentSandbox.OFF);

    AgentResult result = printsTheKey.run(request("ignored"));

    assertThat(result.report().transcript().lines()).containsExactly("{\"key\":\"***\"}");
    assertThat(result.message())
        .isEqualTo("The agent exited with code 3 before reporting a result: ***");
  }

  @Test
  void progressIsReportedWhileTheAgentRuns() throws IOException {
    List<AgentProgress> progress = new CopyOnWriteArrayList<>();

    AgentResult result =
        replayWithPause()
            .run(new AgentRequest("t-1", workspace, "Fix it", GENEROUS, progress::add));

    assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(progress)
        .first()
        .isEqualTo(new AgentProgress(1, "Write", List.of("KAKA_CHANGE.md")));
  }

  @Test
  void aFailingProgressListenerDoesNotEndTheRun() throws IOException {
    AtomicInteger calls = new AtomicInteger();

    AgentResult result =
        replayWithPause()
            .run(
                new AgentRequest(
                    "t-1",
                    workspace,
                    "Fix it",
                    GENEROUS,
                    progress -> {
                      calls.incrementAndGet();
                      throw new IllegalStateException("broker down");
                    }));

    assertThat(calls).hasPositiveValue();
    assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
  }

  /** Replays the real CLI's first four lines (a Write), pauses, then prints the rest. */
  private Agent replayWithPause() throws IOException {
    Path lines = bin.resolve("write_file.jsonl");
    Files.write(
        lines,
        Recordings.lines("write_file.jsonl").stream()
            .map(line -> line.replace(Recordings.WORKSPACE.toString(), workspace.toString()))
            .toList());
    return new CommandLineAgent(
        TestAgents.properties(
            List.of("sh", "-c", "head -n 4 \"$0\"; sleep 2; tail -n +5 \"$0\"", lines.toString()),
            Map.of("kaka.agent.progress-interval", "100ms")),
        WORKER_ENVIRONMENT);
  }

  @Test
  void theTranscriptKeepsTheTailOfLongOutput() {
    Agent capped =
        new CommandLineAgent(
            TestAgents.properties(
                StubAgent.command(script),
                Map.of(
                    "kaka.agent.transcript.max-lines", "2",
                    "kaka.agent.transcript.max-line-length", "50")),
            WORKER_ENVIRONMENT);

    AgentResult result = capped.run(request("Fix it"));

    assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
    List<String> transcript = result.report().transcript().lines();
    assertThat(transcript).hasSize(2).allSatisfy(line -> assertThat(line).hasSize(56));
    assertThat(transcript.get(1)).startsWith("{\"duration_api_ms\"");
    assertThat(result.report().transcript().linesDropped()).isEqualTo(4);
  }

  @Test
  void aSessionThatCannotBePutInPlaceIsRefusedAndTheAgentDoesNotRun() {
    AgentResult result =
        agent.run(
            new AgentRequest(
                "t-1",
                workspace,
                "Fix the typo",
                GENEROUS,
                ProgressListener.NONE,
                null,
                null,
                SessionPlan.resume("../elsewhere", "{}\n", 1000)));

    assertThat(result.sessionRefused()).isTrue();
    assertThat(result.failure()).isEqualTo(FailureKind.AGENT_FAILED);
    assertThat(result.message())
        .startsWith(
            "The agent could not resume session ../elsewhere: its file could not be put in place");
    assertThat(workspace.resolve(StubAgent.CHANGED_FILE)).doesNotExist();
  }

  private AgentRequest request(String prompt) {
    return request(prompt, GENEROUS);
  }

  private AgentRequest request(String prompt, Duration timeout) {
    return new AgentRequest("t-1", workspace, prompt, timeout);
  }

  /** The stub's processes, found while it hangs: its own, a child shell and their sleeps. */
  private List<ProcessHandle> awaitStubTree() {
    await()
        .atMost(GENEROUS)
        .until(() -> stubProcesses().stream().anyMatch(process -> process.children().count() > 0));
    return stubProcesses().stream()
        .flatMap(process -> Stream.concat(Stream.of(process), process.descendants()))
        .distinct()
        .toList();
  }

  private List<ProcessHandle> stubProcesses() {
    String path = script.toString();
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .filter(process -> process.info().commandLine().orElse("").contains(path))
        .toList();
  }
}
