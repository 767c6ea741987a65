package dev.kaka.worker.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.common.event.FailureKind;
import dev.kaka.testkit.agent.StubAgent;
import dev.kaka.worker.agent.AgentResult.Outcome;
import dev.kaka.worker.agent.sandbox.AgentSandbox;
import dev.kaka.worker.agent.sandbox.BubblewrapSandbox;
import dev.kaka.worker.agent.sandbox.DependencyCaches;
import dev.kaka.worker.agent.sandbox.FilesystemSettings;
import dev.kaka.worker.agent.sandbox.NetworkSettings;
import dev.kaka.worker.agent.sandbox.RunContext;
import dev.kaka.worker.agent.sandbox.SandboxPrograms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A repository's set-up commands in the agent's sandbox, before the agent, with its caches. */
class SetupCommandsTest {

  @TempDir Path temp;
  private Path workspace;
  private Path script;

  @BeforeEach
  void setUp() throws Exception {
    workspace = Files.createDirectories(temp.resolve("workspaces/octo-hello-1"));
    script = StubAgent.install(temp.resolve("bin"));
  }

  @Test
  void setUpRunsBeforeTheAgentInItsSandboxAndItsOutputIsInTheTranscript() {
    AgentResult result =
        agent(sandbox())
            .run(
                request(
                    List.of("echo \"setting up in $HOME\"", "echo ready > prepared.txt"),
                    Duration.ofMinutes(1)));

    assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(workspace.resolve("prepared.txt")).hasContent("ready");
    assertThat(workspace.resolve(StubAgent.CHANGED_FILE)).exists();
    assertThat(result.report().transcript().lines())
        .first()
        .asString()
        .contains("\"type\":\"kaka_setup\"", "setting up in /home/agent");
  }

  @Test
  void theSecondTaskOfARepositoryFindsWhatTheFirstPutInTheDependencyCache() {
    Agent agent = agent(sandbox());
    agent.run(
        request(
            List.of(
                "mkdir -p ~/.m2/repository/org/x && echo jar >"
                    + " ~/.m2/repository/org/x/x.jar && echo settings > ~/.m2/settings.xml"),
            Duration.ofMinutes(1)));

    AgentResult second =
        agent.run(
            request(
                List.of(
                    "cat ~/.m2/repository/org/x/x.jar",
                    "test ! -e ~/.m2/settings.xml && echo no-settings"),
                Duration.ofMinutes(1)));

    assertThat(second.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(String.join("\n", second.report().transcript().lines()))
        .contains("\"output\":\"jar\"", "\"output\":\"no-settings\"");
  }

  @Test
  void aFailingCommandFailsTheTaskWithItsLastLinesAndTheAgentDoesNotRun() {
    AgentResult result =
        agent(sandbox())
            .run(
                request(
                    List.of(
                        "echo first-ok", "echo 'npm ERR! missing package'; exit 3", "echo never"),
                    Duration.ofMinutes(1)));

    assertThat(result.failure()).isEqualTo(FailureKind.SETUP_FAILED);
    assertThat(result.retryable()).isFalse();
    assertThat(result.message())
        .contains(
            "`echo 'npm ERR! missing package'; exit 3`",
            "exit code 3",
            "npm ERR! missing package",
            ".github/kaka.yml");
    assertThat(workspace.resolve(StubAgent.CHANGED_FILE)).doesNotExist();
    assertThat(String.join("\n", result.report().transcript().lines()))
        .contains("first-ok")
        .doesNotContain("never");
  }

  @Test
  void setUpThatRunsPastItsTimeIsStopped() {
    long start = System.nanoTime();
    AgentResult result =
        agent(sandbox()).run(request(List.of("echo waiting; sleep 60"), Duration.ofSeconds(1)));

    assertThat(result.failure()).isEqualTo(FailureKind.SETUP_FAILED);
    assertThat(result.message()).contains("ran past the set-up time", "waiting");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void withoutASandboxNoSetUpCommandRuns() {
    AgentResult result =
        agent(AgentSandbox.OFF).run(request(List.of("touch ran.txt"), Duration.ofMinutes(1)));

    assertThat(result.failure()).isEqualTo(FailureKind.SETUP_FAILED);
    assertThat(result.message()).contains("kaka.agent.sandbox=off");
    assertThat(workspace.resolve("ran.txt")).doesNotExist();
  }

  private AgentSandbox sandbox() {
    BubblewrapSandbox sandbox =
        new BubblewrapSandbox(
            new SandboxPrograms("bwrap", "socat"),
            new FilesystemSettings(
                List.of("/usr", "/bin", "/lib", "/lib64", "/sbin", "/etc"), List.of(), List.of()),
            new NetworkSettings(List.of()),
            Map.of(),
            temp.resolve("sandbox-runs"),
            List.of(temp.resolve("workspaces")),
            List.of(script),
            new DependencyCaches(temp.resolve("dependency-caches"), 10_000_000));
    assertThat(sandbox.check()).isEmpty();
    return sandbox;
  }

  private Agent agent(AgentSandbox sandbox) {
    return new CommandLineAgent(
        TestAgents.properties(StubAgent.command(script)),
        Map.of("PATH", "/usr/bin:/bin"),
        List.of(),
        sandbox);
  }

  private AgentRequest request(List<String> setup, Duration setupTimeout) {
    return new AgentRequest(
        "t-setup",
        workspace,
        "Set it up",
        Duration.ofMinutes(1),
        ProgressListener.NONE,
        null,
        new RunContext(List.of(), List.of(), "octo/hello", setup, setupTimeout));
  }
}
