package dev.kaka.worker.agent.sandbox;

import dev.kaka.worker.git.Directories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fences each run of the agent in with bubblewrap ({@link BubblewrapLayout}) and gives it one way
 * out, its own {@link EgressProxy}. Every run gets a new, empty home and temporary directory,
 * deleted when it ends; the model API's credential stays with the worker.
 */
public final class BubblewrapSandbox implements AgentSandbox {

  private static final Logger log = LoggerFactory.getLogger(BubblewrapSandbox.class);

  private static final long CHECK_SECONDS = 30;

  private static final List<String> PROXY_VARIABLES =
      List.of("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY");

  private final BubblewrapLayout layout;
  private final Path runs;
  private final HostAllowList allowed;
  private final ModelApi modelApi;
  private final List<Path> readOnly;
  private final DependencyCaches caches;
  private volatile Optional<String> problem = Optional.empty();

  /**
   * @param runs where the runs' private directories are made; hide it from the agent
   * @param hidden the worker's own data and secrets, masked wherever they lie
   * @param readOnly paths every run may read besides the system paths, such as the agent's program
   * @param caches the repositories' dependency caches
   */
  public BubblewrapSandbox(
      SandboxPrograms programs,
      FilesystemSettings filesystem,
      NetworkSettings network,
      Map<String, String> workerEnvironment,
      Path runs,
      List<Path> hidden,
      List<Path> readOnly,
      DependencyCaches caches) {
    List<Path> hiddenPaths = new ArrayList<>(filesystem.hidden());
    hiddenPaths.addAll(hidden);
    hiddenPaths.add(runs);
    hiddenPaths.add(caches.root());
    this.caches = caches;
    this.layout =
        new BubblewrapLayout(
            programs.bubblewrap(), programs.socat(), filesystem.system(), hiddenPaths);
    this.runs = runs;
    this.allowed = new HostAllowList(network.allowedHosts());
    this.modelApi = ModelApi.from(workerEnvironment);
    List<Path> visible = new ArrayList<>(filesystem.readOnly());
    visible.addAll(readOnly);
    this.readOnly = List.copyOf(visible);
  }

  /**
   * Starts an empty sandbox with its proxy bridge and remembers whether that worked.
   *
   * @return why the sandbox does not work on this worker; empty when it does
   */
  public Optional<String> check() {
    Path workspace = null;
    try {
      Directories.createOwnerOnly(runs);
      workspace = Files.createTempDirectory(runs, "self-check-");
      problem = Optional.ofNullable(tryRun(workspace));
    } catch (IOException e) {
      problem = Optional.of("its directory " + runs + " cannot be created: " + e.getMessage());
    } finally {
      deleteQuietly(workspace);
    }
    problem.ifPresentOrElse(
        reason -> log.error("The agent sandbox does not work on this worker: {}", reason),
        () ->
            log.info(
                "The agent sandbox works on this worker (bubblewrap, proxy to {} and {})",
                modelApi.hostHeader(),
                allowed));
    return problem;
  }

  @Override
  public Optional<String> problem() {
    return problem;
  }

  @Override
  public boolean fenced() {
    return true;
  }

  @Override
  public Run open(String taskId, Path workspace, RunContext context) {
    Optional<String> known = problem;
    if (known.isPresent()) {
      throw new SandboxUnavailableException(unavailable(known.get()));
    }
    // short: the proxy's socket path must stay within the kernel's limit of about 100 bytes
    Path directory = runs.resolve(UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    Map<Path, String> cacheMounts = Map.of();
    try {
      Directories.createOwnerOnly(directory);
      Files.createDirectory(directory.resolve("home"));
      Files.createDirectory(directory.resolve("tmp"));
      Files.createDirectory(directory.resolve("proxy"));
      cacheMounts = context.cacheKey() == null ? Map.of() : caches.acquire(context.cacheKey());
      EgressProxy proxy =
          EgressProxy.start(
              directory.resolve("proxy").resolve(BubblewrapLayout.PROXY_SOCKET),
              allowed.with(context.allowedHosts()),
              modelApi,
              "agent-proxy-" + taskId);
      List<Path> visible = new ArrayList<>(readOnly);
      visible.addAll(context.readOnlyPaths());
      return new BubblewrapRun(
          directory,
          workspace.toAbsolutePath(),
          visible,
          cacheMounts,
          cacheMounts.isEmpty() ? null : context.cacheKey(),
          proxy);
    } catch (IOException | UncheckedIOException e) {
      deleteQuietly(directory);
      if (!cacheMounts.isEmpty()) {
        caches.release(context.cacheKey());
      }
      throw new SandboxUnavailableException(
          unavailable("its directories or proxy could not be" + " set up (" + e.getMessage() + ")"),
          e);
    }
  }

  private static String unavailable(String reason) {
    return "The agent's sandbox could not start on this worker: " + reason + ".";
  }

  /** Runs {@code sh -c true} in a sandbox; the reason it failed, or null. */
  private String tryRun(Path workspace) throws IOException {
    try (Run run = open("self-check", workspace, RunContext.NONE)) {
      ProcessBuilder builder =
          new ProcessBuilder(run.command(List.of("/bin/sh", "-c", "true")))
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      builder.environment().clear();
      builder.environment().putAll(run.environment(Map.of("PATH", "/usr/bin:/bin")));
      Process process;
      try {
        process = builder.start();
      } catch (IOException e) {
        return "bubblewrap could not be started ("
            + e.getMessage()
            + "). Install it (Debian: bubblewrap, with socat)";
      }
      try {
        if (!process.waitFor(CHECK_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          return "an empty sandbox did not finish within " + CHECK_SECONDS + " s";
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        return "the check was interrupted";
      }
      String output =
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return process.exitValue() == 0
          ? null
          : "an empty sandbox exited with "
              + process.exitValue()
              + (output.isEmpty() ? "" : ": " + output)
              + ". User namespaces must be allowed (sysctl kernel.unprivileged_userns_clone,"
              + " the container's seccomp and AppArmor profiles), and socat installed";
    } catch (SandboxUnavailableException e) {
      return e.getMessage();
    }
  }

  private static void deleteQuietly(Path directory) {
    if (directory == null) {
      return;
    }
    try {
      Directories.deleteRecursively(directory);
    } catch (IOException e) {
      log.warn("Could not delete the sandbox directory {}: {}", directory, e.toString());
    }
  }

  private final class BubblewrapRun implements Run {

    private final Path directory;
    private final Path workspace;
    private final List<Path> readOnly;
    private final Map<Path, String> cacheMounts;
    private final String cacheKey;
    private final EgressProxy proxy;

    BubblewrapRun(
        Path directory,
        Path workspace,
        List<Path> readOnly,
        Map<Path, String> cacheMounts,
        String cacheKey,
        EgressProxy proxy) {
      this.directory = directory;
      this.workspace = workspace;
      this.readOnly = readOnly;
      this.cacheMounts = cacheMounts;
      this.cacheKey = cacheKey;
      this.proxy = proxy;
    }

    @Override
    public List<String> command(List<String> agentCommand) {
      try {
        return layout.command(directory, workspace, readOnly, cacheMounts, agentCommand);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * The agent's environment without the worker's model credential and proxies: its home and
     * temporary directory, the proxy for everything, the model API through the proxy with a
     * placeholder key, and {@code IS_SANDBOX}, which the CLI asks for before it skips permission
     * prompts as root.
     */
    @Override
    public Map<String, String> environment(Map<String, String> agentEnvironment) {
      Map<String, String> environment = new HashMap<>();
      agentEnvironment.forEach(
          (name, value) -> {
            String upper = name.toUpperCase(Locale.ROOT);
            if (!ModelApi.VARIABLES.contains(upper) && !PROXY_VARIABLES.contains(upper)) {
              environment.put(name, value);
            }
          });
      String proxyUrl = "http://127.0.0.1:" + BubblewrapLayout.PROXY_PORT;
      environment.put("HOME", BubblewrapLayout.HOME);
      // the CLI's state, sessions included, in the run's home, whatever the worker's setting
      environment.put("CLAUDE_CONFIG_DIR", BubblewrapLayout.HOME + "/" + CLI_STATE);
      environment.put("TMPDIR", BubblewrapLayout.TMP);
      environment.put("CLAUDE_CODE_TMPDIR", BubblewrapLayout.TMP);
      for (String variable : List.of("HTTP_PROXY", "HTTPS_PROXY")) {
        environment.put(variable, proxyUrl);
        environment.put(variable.toLowerCase(Locale.ROOT), proxyUrl);
      }
      // the model API is the proxy itself, reached directly on the sandbox's loopback
      environment.put("NO_PROXY", "127.0.0.1,localhost");
      environment.put("no_proxy", "127.0.0.1,localhost");
      environment.put("ANTHROPIC_BASE_URL", proxyUrl);
      environment.put(modelApi.placeholderVariable(), ModelApi.PLACEHOLDER_KEY);
      environment.put("IS_SANDBOX", "1");
      return environment;
    }

    @Override
    public Path home() {
      return directory.resolve("home");
    }

    @Override
    public Path workingDirectory() {
      return Path.of(BubblewrapLayout.WORKSPACE);
    }

    @Override
    public List<String> blockedHosts() {
      return proxy.blockedHosts();
    }

    @Override
    public void close() {
      proxy.close();
      deleteQuietly(directory);
      if (cacheKey != null) {
        caches.release(cacheKey);
      }
    }
  }
}
