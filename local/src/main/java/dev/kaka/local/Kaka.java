package dev.kaka.local;

import dev.kaka.taskstore.TaskRetention;
import dev.kaka.testkit.webhook.WebhookPayload;
import dev.kaka.testkit.webhook.WebhookSender;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.convert.DurationStyle;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@code ./kaka}: runs Kaka on one machine, shows it working, and sends webhooks to it. */
public final class Kaka {

  static final String SANDBOX_SECRET = "kaka-sandbox-secret";

  /** The dashboard's password in the sandbox unless {@code KAKA_API_PASSWORD} names another. */
  static final String SANDBOX_API_PASSWORD = "kaka-sandbox";

  // the sandbox GitHub runs in Tomcat, which logs through java.util.logging; JUL holds its loggers
  // weakly, so the reference is kept for the level to stick
  private static final java.util.logging.Logger TOMCAT_LOG =
      java.util.logging.Logger.getLogger("org.apache");
  private static final String USAGE =
      """
      usage: ./kaka up [--sandbox]      run Kaka until Ctrl-C (--sandbox: no GitHub or Claude needed)
             ./kaka demo                show an issue becoming a pull request in the sandbox, then exit
             ./kaka send FILE [--event EVENT] [--url URL]
                                        sign FILE with KAKA_WEBHOOK_SECRET and POST it to a running ingress
             ./kaka replay-dead-letters [--bootstrap-servers HOST:PORT]
                                        publish the dead letters again to the topics they came from
             ./kaka rebuild-projection --mongodb-uri mongodb://HOST/DATABASE
                                 [--bootstrap-servers HOST:PORT]
                                        rebuild the task store from the topics into an empty database
                                        (leaving out finished tasks past KAKA_TASKS_RETENTION, as the notifier does)
      """;

  private final Map<String, String> env;
  private final PrintStream out;

  Kaka(Map<String, String> env, PrintStream out) {
    this.env = env;
    this.out = out;
  }

  public static void main(String[] args) {
    TOMCAT_LOG.setLevel(java.util.logging.Level.OFF);
    int code;
    try {
      code = new Kaka(System.getenv(), System.out).run(List.of(args));
    } catch (RuntimeException e) {
      System.err.println("kaka: " + e.getMessage());
      code = 1;
    }
    System.exit(code);
  }

  int run(List<String> args) {
    String command = args.isEmpty() ? "help" : args.get(0);
    List<String> rest = args.subList(Math.min(1, args.size()), args.size());
    return switch (command) {
      case "up" -> up(rest.contains("--sandbox"));
      case "demo" -> demo();
      case "send" -> send(rest);
      case "replay-dead-letters" -> replayDeadLetters(rest);
      case "rebuild-projection" -> rebuildProjection(rest);
      default -> {
        out.print(USAGE);
        yield command.equals("help") || command.equals("--help") ? 0 : 2;
      }
    };
  }

  private int up(boolean sandboxed) {
    if (!agentSandboxReady()) {
      return 2;
    }
    Path dataDir = dataDir().resolve(sandboxed ? "sandbox" : "local");
    List<String> missing = sandboxed ? List.of() : missingForRealGitHub();
    if (!missing.isEmpty()) {
      out.println("kaka: cannot talk to GitHub yet:");
      missing.forEach(line -> out.println("  - " + line));
      out.println("kaka: or try './kaka up --sandbox', which needs none of this.");
      return 2;
    }
    Optional<DataDirectoryLock> lock = DataDirectoryLock.tryAcquire(dataDir);
    if (lock.isEmpty()) {
      say("another ./kaka is running on " + dataDir + ": stop it first");
      return 2;
    }
    try (DataDirectoryLock held = lock.get()) {
      return runUntilStopped(dataDir, sandboxed);
    }
  }

  private int runUntilStopped(Path dataDir, boolean sandboxed) {
    Sandbox sandbox = sandboxed ? Sandbox.start(dataDir) : null;
    LocalSettings settings =
        sandboxed
            ? sandboxSettings(
                dataDir,
                sandbox,
                fixedPorts(),
                env.getOrDefault("KAKA_WEBHOOK_SECRET", SANDBOX_SECRET))
            : realSettings(dataDir);
    LocalSystem system = LocalSystem.prepare(settings, ServiceJars.inBuild(), this::say);
    StopHook stopHook =
        StopHook.register(
            () -> {
              say("stopping ...");
              system.close();
              if (sandbox != null) {
                sandbox.close();
              }
              say("stopped");
            });
    try {
      system.start();
    } catch (StoppedWhileStarting e) {
      stopHook.awaitStopped();
      return 0;
    }
    printReady(system, sandbox, settings);
    stopHook.awaitStopped();
    return 0;
  }

  private int demo() {
    if (!agentSandboxReady()) {
      return 2;
    }
    Path dataDir = dataDir().resolve("demo");
    deleteRecursively(dataDir);
    long start = System.nanoTime();
    Sandbox sandbox = Sandbox.start(dataDir);
    LocalSystem system =
        LocalSystem.prepare(
            sandboxSettings(dataDir, sandbox, freePorts(), SANDBOX_SECRET),
            ServiceJars.inBuild(),
            this::say);
    try (StopHook stopHook =
        StopHook.register(
            () -> {
              system.close();
              sandbox.close();
            })) {
      system.start();
      new Demo(
              system,
              sandbox,
              SANDBOX_SECRET,
              env.getOrDefault("KAKA_API_PASSWORD", SANDBOX_API_PASSWORD),
              out)
          .run();
      say(
          String.format(
              "demo finished in %.1f s; shutting down", (System.nanoTime() - start) / 1e9));
      return 0;
    }
  }

  private int send(List<String> args) {
    if (args.isEmpty()) {
      out.print(USAGE);
      return 2;
    }
    Path file = Path.of(args.get(0));
    String event = option(args, "--event", file.getFileName().toString().split("\\.")[0]);
    String url =
        option(
            args,
            "--url",
            "http://127.0.0.1:"
                + env.getOrDefault("KAKA_INGRESS_PORT", "8080")
                + "/webhooks/github");
    String secret = env.getOrDefault("KAKA_WEBHOOK_SECRET", SANDBOX_SECRET);
    ObjectNode body;
    try {
      body = (ObjectNode) JsonMapper.builder().build().readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
    }
    var response = new WebhookSender(URI.create(url), secret).send(WebhookPayload.of(event, body));
    out.println(response.statusCode() + " " + response.body());
    return response.statusCode() / 100 == 2 ? 0 : 1;
  }

  private int replayDeadLetters(List<String> args) {
    String servers =
        option(
            args,
            "--bootstrap-servers",
            kafkaFromEnv() != null ? kafkaFromEnv() : "127.0.0.1:9092");
    Map<String, Integer> replayed = new DeadLetterReplay(servers, out).run();
    if (replayed.isEmpty()) {
      say("no dead letters to replay");
    }
    replayed.forEach((topic, count) -> say("replayed " + count + " dead letter(s) to " + topic));
    return 0;
  }

  private int rebuildProjection(List<String> args) {
    String uri = option(args, "--mongodb-uri", null);
    if (uri == null) {
      out.print(USAGE);
      return 2;
    }
    String servers =
        option(
            args,
            "--bootstrap-servers",
            kafkaFromEnv() != null ? kafkaFromEnv() : "127.0.0.1:9092");
    return new RebuildProjection(
            servers, uri, env.getOrDefault("GITHUB_TOKEN", ""), retentionFromEnv(), out)
        .run();
  }

  /** The notifier's {@code kaka.tasks.retention}, from the variable that sets it there. */
  private TaskRetention retentionFromEnv() {
    String value = env.getOrDefault("KAKA_TASKS_RETENTION", TaskRetention.DEFAULT);
    TaskRetention retention = new TaskRetention(DurationStyle.detectAndParse(value));
    if (!retention.isRetentionPositive()) {
      throw new IllegalArgumentException("KAKA_TASKS_RETENTION must be positive, not " + value);
    }
    return retention;
  }

  private LocalSettings sandboxSettings(
      Path dataDir, Sandbox sandbox, Map<String, Integer> ports, String secret) {
    return new LocalSettings(
        dataDir,
        kafkaFromEnv(),
        mongoFromEnv(),
        sandbox.apiUrl(),
        Sandbox.TOKEN,
        secret,
        sandbox.agentCommand(),
        Duration.ofMinutes(2),
        ports,
        // a password of the user's own reaches the ingress through the inherited environment,
        // not the command line
        env.containsKey("KAKA_API_PASSWORD")
            ? Map.of(LocalSettings.WORKER, sandbox.workerProperties())
            : Map.of(
                LocalSettings.INGRESS,
                Map.of("kaka.api.password", SANDBOX_API_PASSWORD),
                LocalSettings.WORKER,
                sandbox.workerProperties()));
  }

  private LocalSettings realSettings(Path dataDir) {
    return new LocalSettings(
        dataDir,
        kafkaFromEnv(),
        mongoFromEnv(),
        env.getOrDefault("KAKA_GITHUB_API_URL", "https://api.github.com"),
        // empty as a GitHub App: the services read KAKA_GITHUB_APP_* from the environment
        env.getOrDefault("GITHUB_TOKEN", ""),
        env.get("KAKA_WEBHOOK_SECRET"),
        List.of(),
        null,
        fixedPorts(),
        Map.of());
  }

  private List<String> missingForRealGitHub() {
    List<String> missing = new ArrayList<>();
    boolean appId = !isBlank(env.get("KAKA_GITHUB_APP_ID"));
    boolean appKey = !isBlank(env.get("KAKA_GITHUB_APP_PRIVATE_KEY_FILE"));
    if (appId != appKey) {
      missing.add(
          (appId ? "KAKA_GITHUB_APP_PRIVATE_KEY_FILE" : "KAKA_GITHUB_APP_ID")
              + ": a GitHub App needs both its id and the path of its private key (.pem).");
    } else if (!appId && isBlank(env.get("GITHUB_TOKEN"))) {
      missing.add(
          "GitHub credentials, either of:\n"
              + "    a GitHub App (for organisations): KAKA_GITHUB_APP_ID and"
              + " KAKA_GITHUB_APP_PRIVATE_KEY_FILE (the .pem GitHub generates). Give the App the"
              + " repository permissions Contents, Issues and Pull requests read/write, Checks and"
              + " Actions read (Metadata read comes with them), subscribe it to the events Issues,"
              + " Issue comment, Pull request, Pull request review, Pull request review comment"
              + " and Push, and install it on the repositories;\n"
              + "    or GITHUB_TOKEN: a token that can push branches, open pull requests and comment"
              + " (fine-grained: Contents, Pull requests and Issues read/write).");
    }
    if (isBlank(env.get("KAKA_WEBHOOK_SECRET"))) {
      missing.add(
          "KAKA_WEBHOOK_SECRET: the secret you set on the repository's webhook "
              + "(e.g. openssl rand -hex 20).");
    }
    if (!onPath("claude")) {
      missing.add(
          "the Claude Code CLI: npm install -g @anthropic-ai/claude-code, then set "
              + "ANTHROPIC_API_KEY.");
    }
    return missing;
  }

  private void printReady(LocalSystem system, Sandbox sandbox, LocalSettings settings) {
    say(
        "Kaka is running. Webhooks: "
            + system.webhookUrl()
            + "  Tasks: "
            + system.apiUrl()
            + "/tasks");
    if (sandbox != null) {
      say(
          "sandbox GitHub: "
              + sandbox.apiUrl()
              + " with issues #1-#"
              + sandbox.issues().size()
              + " in "
              + Sandbox.OWNER
              + "/"
              + Sandbox.REPOSITORY);
      say(
          "webhook secret: "
              + (settings.webhookSecret().equals(SANDBOX_SECRET)
                  ? SANDBOX_SECRET + " (set KAKA_WEBHOOK_SECRET to choose another)"
                  : "from KAKA_WEBHOOK_SECRET"));
      say("try: ./kaka send " + sandbox.payloads().resolve("issues.labeled.issue-1.json"));
      say(
          "dashboard: "
              + system.dashboardUrl()
              + " (user "
              + env.getOrDefault("KAKA_API_USERNAME", "admin")
              + ", password "
              + (env.containsKey("KAKA_API_PASSWORD")
                  ? "from KAKA_API_PASSWORD"
                  : SANDBOX_API_PASSWORD + " (set KAKA_API_PASSWORD to choose another)")
              + ")");
    } else {
      say(
          "dashboard: "
              + system.dashboardUrl()
              + (isBlank(env.get("KAKA_API_PASSWORD")) && isBlank(env.get("KAKA_API_TOKEN"))
                  ? " (set KAKA_API_PASSWORD or KAKA_API_TOKEN to log in)"
                  : ""));
    }
    say("press Ctrl-C to stop");
  }

  private Path dataDir() {
    String configured = env.get("KAKA_DATA_DIR");
    return configured != null ? Path.of(configured) : ServiceJars.inBuild().home().resolve(".kaka");
  }

  private String kafkaFromEnv() {
    return firstSet("KAFKA_BOOTSTRAP_SERVERS", "SPRING_KAFKA_BOOTSTRAP_SERVERS");
  }

  private String mongoFromEnv() {
    return firstSet("MONGODB_URI", "SPRING_MONGODB_URI");
  }

  private String firstSet(String... names) {
    for (String name : names) {
      if (!isBlank(env.get(name))) {
        return env.get(name);
      }
    }
    return null;
  }

  private Map<String, Integer> fixedPorts() {
    return Map.of(
        LocalSettings.INGRESS, Integer.parseInt(env.getOrDefault("KAKA_INGRESS_PORT", "8080")),
        LocalSettings.WORKER, Integer.parseInt(env.getOrDefault("KAKA_WORKER_PORT", "8081")),
        LocalSettings.NOTIFIER, Integer.parseInt(env.getOrDefault("KAKA_NOTIFIER_PORT", "8082")));
  }

  static Map<String, Integer> freePorts() {
    return Map.of(
        LocalSettings.INGRESS,
        freePort(),
        LocalSettings.WORKER,
        freePort(),
        LocalSettings.NOTIFIER,
        freePort());
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Whether the worker can fence the agent in, as it must unless told otherwise: said here, before
   * anything starts, rather than as a worker that never becomes ready.
   */
  private boolean agentSandboxReady() {
    if ("off".equalsIgnoreCase(env.getOrDefault("KAKA_AGENT_SANDBOX", ""))) {
      return true;
    }
    List<String> missing =
        java.util.stream.Stream.of("bwrap", "socat").filter(binary -> !onPath(binary)).toList();
    if (missing.isEmpty()) {
      return true;
    }
    say(
        "the agent runs in a sandbox, which needs "
            + String.join(" and ", missing)
            + " on the PATH:");
    out.println("  - apt-get install bubblewrap socat");
    say(
        "or run without the sandbox (the agent then may edit files but not run commands):"
            + " KAKA_AGENT_SANDBOX=off ./kaka ...");
    return false;
  }

  private boolean onPath(String binary) {
    String path = env.getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, binary))) {
        return true;
      }
    }
    return false;
  }

  private static String option(List<String> args, String name, String fallback) {
    int index = args.indexOf(name);
    return index >= 0 && index + 1 < args.size() ? args.get(index + 1) : fallback;
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  private void say(String line) {
    out.println("kaka: " + line);
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
