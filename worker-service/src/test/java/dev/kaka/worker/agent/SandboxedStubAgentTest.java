package dev.kaka.worker.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.testkit.agent.StubAgent;
import dev.kaka.worker.agent.AgentResult.Outcome;
import dev.kaka.worker.agent.sandbox.BubblewrapSandbox;
import dev.kaka.worker.agent.sandbox.DependencyCaches;
import dev.kaka.worker.agent.sandbox.FilesystemSettings;
import dev.kaka.worker.agent.sandbox.NetworkSettings;
import dev.kaka.worker.agent.sandbox.SandboxPrograms;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stub agent's escape attempts (the same a hostile model would make) through the worker's agent
 * runner in the real sandbox: twice, as two tasks of one repository, so the second shows what the
 * first could leave behind.
 */
class SandboxedStubAgentTest {

  private static final String TOKEN = "ghs_sandboxedStubToken0123456789";

  @TempDir Path temp;
  private Path workspace;
  private Path secret;
  private Path otherWorkspace;
  private String plant;

  @BeforeEach
  void setUp() throws IOException {
    workspace = Files.createDirectories(temp.resolve("workspaces/octo-hello-1"));
    otherWorkspace = Files.createDirectories(temp.resolve("workspaces/octo-other-2"));
    Files.writeString(otherWorkspace.resolve(".env"), "GITHUB_TOKEN=" + TOKEN);
    secret = Files.createDirectories(temp.resolve("secrets")).resolve("kaka.github.token");
    Files.writeString(secret, TOKEN);
    plant = "sandboxed-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void aHostileAgentFindsNoSecretPlantsNothingAndReachesNothing() throws Exception {
    try (ServerSocket outside = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
      Agent agent = agent();
      String prompt =
          String.join(
              " ",
              StubAgent.ESCAPE,
              StubAgent.escapeRead(secret.toString()),
              StubAgent.escapeRead(otherWorkspace.toString()),
              StubAgent.escapePlant(plant),
              StubAgent.escapeConnect("127.0.0.1:" + outside.getLocalPort()),
              StubAgent.escapeConnect("registry.example.org:443"));

      AgentResult first = agent.run(request(prompt));
      AgentResult second = agent.run(request(prompt));

      for (AgentResult result : List.of(first, second)) {
        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(result.report().blockedHosts())
            .containsExactly("127.0.0.1:" + outside.getLocalPort(), "registry.example.org:443");
        assertThat(result.report().transcript().lines()).noneMatch(line -> line.contains(TOKEN));
      }
      String report = Files.readString(workspace.resolve(StubAgent.ESCAPE_REPORT));
      assertThat(report).doesNotContain("present: ").contains("absent: ");
      assertThat(decoded()).noneMatch(content -> content.contains(TOKEN));
      assertThat(Path.of("/tmp", plant)).doesNotExist();
      assertThat(Path.of("/tmp", "kaka-hook-ran-" + plant)).doesNotExist();
      assertThat(
              ProcessHandle.allProcesses()
                  .map(process -> process.info().commandLine().orElse(""))
                  .filter(line -> line.contains(StubAgent.escapeDaemon(plant))))
          .isEmpty();
    }
  }

  private List<String> decoded() throws IOException {
    String base64 = Files.readString(workspace.resolve(StubAgent.LOOT_BASE64)).strip();
    String hex = Files.readString(workspace.resolve(StubAgent.LOOT_HEX)).strip();
    String reversed = Files.readString(workspace.resolve(StubAgent.LOOT_REVERSED));
    return List.of(
        new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.ISO_8859_1),
        new String(HexFormat.of().parseHex(hex), StandardCharsets.ISO_8859_1),
        new StringBuilder(reversed).reverse().toString(),
        reversed,
        base64,
        hex);
  }

  private Agent agent() {
    Path script = StubAgent.install(temp.resolve("bin"));
    AgentProperties properties = TestAgents.properties(StubAgent.command(script));
    BubblewrapSandbox sandbox =
        new BubblewrapSandbox(
            new SandboxPrograms("bwrap", "socat"),
            new FilesystemSettings(
                List.of("/usr", "/bin", "/lib", "/lib64", "/sbin", "/etc"), List.of(), List.of()),
            new NetworkSettings(List.of()),
            Map.of(),
            temp.resolve("sandbox-runs"),
            List.of(temp.resolve("workspaces"), temp.resolve("secrets")),
            List.of(script),
            new DependencyCaches(temp.resolve("dependency-caches"), 0));
    assertThat(sandbox.check()).isEmpty();
    Map<String, String> worker = Map.of("PATH", "/usr/bin:/bin", "GITHUB_TOKEN", TOKEN);
    return new CommandLineAgent(properties, worker, List.of(TOKEN), sandbox);
  }

  private AgentRequest request(String prompt) {
    return new AgentRequest("t-escape", workspace, prompt, Duration.ofMinutes(1));
  }
}
