package dev.kaka.worker.agent.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fence itself, with real bubblewrap and socat: what a process inside can see, write and reach,
 * and that nothing it started survives the run.
 */
class BubblewrapSandboxTest {

  private static final String SECRET = "ghs_sandboxTestSecret0123456789";

  @TempDir Path temp;

  private Path workspace;
  private Path secrets;
  private Path cache;
  private HttpServer modelApi;
  private final List<Map<String, List<String>>> modelApiRequests = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    workspace = Files.createDirectories(temp.resolve("workspaces/octo-hello-1"));
    cache = Files.createDirectories(temp.resolve("repo-cache/octo-other.git"));
    Files.writeString(cache.resolve("config"), "token = " + SECRET);
    secrets = Files.createDirectories(temp.resolve("secrets"));
    Files.writeString(secrets.resolve("kaka.github.token"), SECRET);
    modelApi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    modelApi.createContext(
        "/",
        exchange -> {
          modelApiRequests.add(Map.copyOf(exchange.getRequestHeaders()));
          byte[] body =
              ("{\"path\":\"" + exchange.getRequestURI() + "\"}").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    modelApi.start();
  }

  @AfterEach
  void tearDown() {
    modelApi.stop(0);
  }

  @Test
  void theWorkerCanFenceTheAgentIn() {
    assertThat(sandbox(List.of()).check()).isEmpty();
  }

  @Test
  void theAgentSeesOnlyItsOwnProcessesAndNoneOfTheWorkersSecrets() throws Exception {
    Result result =
        run(
            sandbox(List.of()),
            String.join(
                "; ",
                "ls /proc | grep -c '^[0-9]'",
                "cat /proc/[0-9]*/environ 2>/dev/null | tr '\\0' '\\n'",
                "cat " + secrets.resolve("kaka.github.token") + " 2>&1",
                "ls " + cache + " 2>&1",
                "ls " + temp.resolve("workspaces") + " 2>&1",
                "echo \"in $(pwd)\"",
                "env"));

    assertThat(result.exitCode()).isZero();
    assertThat(result.output())
        .doesNotContain(SECRET)
        .doesNotContain("sk-ant-worker-key")
        .contains(
            "IS_SANDBOX=1",
            "ANTHROPIC_API_KEY=" + ModelApi.PLACEHOLDER_KEY,
            "HOME=" + BubblewrapLayout.HOME);
    // bubblewrap's init, the shell and socat, and what the shell started: not the worker's
    assertThat(Integer.parseInt(result.output().lines().findFirst().orElseThrow().strip()))
        .isLessThan(10);
    // no workspace is where it lies on the worker; this one is at the fixed path
    assertThat(result.output())
        .contains("in " + BubblewrapLayout.WORKSPACE + "\n")
        .contains(temp.resolve("workspaces") + "': No such file or directory")
        .contains(cache + "': No such file or directory");
  }

  @Test
  void theAgentWritesOnlyItsWorkspaceHomeAndTmpWhichAreEmptyAndGoneAfterTheRun() throws Exception {
    BubblewrapSandbox sandbox = sandbox(List.of());
    // the workspace's parents show in /tmp when it lies there, as empty mount points
    String countFiles =
        "find $HOME /tmp -path " + workspace + " -prune -o -type f -print" + " | grep -c . ";
    Result first =
        run(
            sandbox,
            String.join(
                "; ",
                countFiles,
                "echo planted > $HOME/.gitconfig && echo home-written",
                "echo planted > /tmp/planted && echo tmp-written",
                "echo change > changed.txt && echo workspace-written",
                "echo x > /etc/kaka-planted 2>/dev/null || echo etc-refused",
                "echo x > /usr/kaka-planted 2>/dev/null || echo usr-refused"));
    Result second = run(sandbox, countFiles + "; ls -A $HOME /tmp");

    assertThat(first.output().lines().findFirst()).hasValue("0");
    assertThat(first.output())
        .contains("home-written", "tmp-written", "workspace-written", "etc-refused", "usr-refused");
    assertThat(workspace.resolve("changed.txt")).hasContent("change");
    assertThat(second.output().lines().findFirst()).hasValue("0");
    assertThat(second.output()).doesNotContain("planted");
    try (var runs = Files.list(temp.resolve("sandbox-runs"))) {
      assertThat(runs.filter(path -> !path.getFileName().toString().startsWith("self-check")))
          .isEmpty();
    }
  }

  @Test
  void noProcessTheAgentStartedOutlivesTheRun() throws Exception {
    Result result =
        run(
            sandbox(List.of()),
            "setsid sh -c 'exec sleep 3600' kaka-test-daemon </dev/null >/dev/null 2>&1 & "
                + "(nohup sleep 3601 </dev/null >/dev/null 2>&1 &); echo started");

    assertThat(result.output()).contains("started");
    Thread.sleep(200);
    assertThat(
            ProcessHandle.allProcesses()
                .map(process -> process.info().commandLine().orElse(""))
                .filter(line -> line.contains("sleep 3600") || line.contains("sleep 3601")))
        .isEmpty();
  }

  @Test
  void theAgentReachesAllowedHostsThroughTheProxyAndNothingElse() throws Exception {
    try (ServerSocket allowed =
        new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      Thread acceptor = acceptAndGreet(allowed);
      BubblewrapSandbox sandbox = sandbox(List.of("127.0.0.1:" + allowed.getLocalPort()));
      AgentSandbox.Run run = sandbox.open("t-net", workspace, RunContext.NONE);
      Result result;
      try (run) {
        result =
            run(
                run,
                String.join(
                    "\n",
                    "connect() { exec 3<>/dev/tcp/127.0.0.1/3128; printf 'CONNECT %s HTTP/1.1\\r\\n\\r\\n'"
                        + " \"$1\" >&3; head -c 400 <&3; exec 3>&-; echo; }",
                    "connect 127.0.0.1:" + allowed.getLocalPort(),
                    "connect blocked.example.com:443",
                    "timeout 3 bash -c 'exec 4<>/dev/tcp/127.0.0.1/"
                        + allowed.getLocalPort()
                        + "' 2>/dev/null && echo direct-connected || echo direct-refused"));
        assertThat(run.blockedHosts()).containsExactly("blocked.example.com:443");
      }
      acceptor.join(5000);

      assertThat(result.output())
          .contains(
              "200 Connection Established",
              "hello from outside",
              "403 Forbidden",
              "kaka.agent.network.allowed-hosts",
              "direct-refused")
          .doesNotContain("direct-connected");
    }
  }

  @Test
  void theModelApiGetsTheWorkersKeyWhichTheAgentNeverSees() throws Exception {
    Result result =
        run(
            sandbox(List.of()),
            String.join(
                "\n",
                "exec 3<>/dev/tcp/127.0.0.1/3128",
                "printf 'POST /v1/messages?beta=true HTTP/1.1\\r\\nHost: 127.0.0.1:3128\\r\\n"
                    + "x-api-key: %s\\r\\nContent-Length: 2\\r\\n\\r\\n{}' \"$ANTHROPIC_API_KEY\" >&3",
                "cat <&3"));

    assertThat(result.output()).contains("200 OK", "/base/v1/messages?beta=true");
    assertThat(modelApiRequests)
        .singleElement()
        .satisfies(
            headers -> assertThat(headers.get("X-api-key")).containsExactly("sk-ant-worker-key"));
  }

  @Test
  void withoutBubblewrapTheCheckSaysWhyAndNoRunStarts() {
    BubblewrapSandbox missing =
        new BubblewrapSandbox(
            new SandboxPrograms("kaka-no-such-bwrap", "socat"),
            filesystem(),
            new NetworkSettings(List.of()),
            workerEnvironment(),
            temp.resolve("sandbox-runs"),
            hidden(),
            List.of(),
            new DependencyCaches(temp.resolve("dependency-caches"), 0));

    assertThat(missing.check())
        .hasValueSatisfying(problem -> assertThat(problem).contains("bubblewrap", "Install it"));
    assertThatThrownBy(() -> missing.open("t-1", workspace, RunContext.NONE))
        .isInstanceOf(SandboxUnavailableException.class)
        .hasMessageContaining("could not start on this worker");
  }

  private BubblewrapSandbox sandbox(List<String> allowedHosts) {
    BubblewrapSandbox sandbox =
        new BubblewrapSandbox(
            new SandboxPrograms("bwrap", "socat"),
            filesystem(),
            new NetworkSettings(allowedHosts),
            workerEnvironment(),
            temp.resolve("sandbox-runs"),
            hidden(),
            List.of(),
            new DependencyCaches(temp.resolve("dependency-caches"), 0));
    assertThat(sandbox.check()).isEmpty();
    return sandbox;
  }

  private FilesystemSettings filesystem() {
    return new FilesystemSettings(
        List.of("/usr", "/bin", "/lib", "/lib64", "/sbin", "/etc"),
        List.of(),
        List.of("/run/secrets"));
  }

  private List<Path> hidden() {
    return List.of(temp.resolve("repo-cache"), temp.resolve("workspaces"), secrets);
  }

  private Map<String, String> workerEnvironment() {
    return Map.of(
        "ANTHROPIC_BASE_URL",
        "http://127.0.0.1:" + modelApi.getAddress().getPort() + "/base/",
        "ANTHROPIC_API_KEY",
        "sk-ant-worker-key");
  }

  private Result run(BubblewrapSandbox sandbox, String script) throws Exception {
    try (AgentSandbox.Run run = sandbox.open("t-test", workspace, RunContext.NONE)) {
      return run(run, script);
    }
  }

  private Result run(AgentSandbox.Run run, String script) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(run.command(List.of("/bin/bash", "-c", script)))
            .directory(workspace.toFile())
            .redirectErrorStream(true);
    builder.environment().clear();
    // what the worker's allow-list lets through, the model key included
    builder
        .environment()
        .putAll(
            run.environment(
                Map.of("PATH", "/usr/bin:/bin", "ANTHROPIC_API_KEY", "sk-ant-worker-key")));
    Process process = builder.start();
    byte[] output;
    try (InputStream in = process.getInputStream()) {
      output = in.readAllBytes();
    }
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }

  private static Thread acceptAndGreet(ServerSocket server) {
    Thread thread =
        new Thread(
            () -> {
              try (Socket socket = server.accept()) {
                socket
                    .getOutputStream()
                    .write("hello from outside\n".getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
              } catch (IOException e) {
                // the test's assertions tell
              }
            });
    thread.start();
    return thread;
  }

  private record Result(int exitCode, String output) {}
}
