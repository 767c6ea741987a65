package dev.kaka.local;

import dev.kaka.testkit.agent.StubAgent;
import dev.kaka.testkit.github.FakeGitHub;
import dev.kaka.testkit.github.FakeGitHubApp;
import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.testkit.mongo.MongoStandIn;
import dev.kaka.testkit.webhook.WebhookSender;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole system, started once for all end-to-end tests in this JVM: the shared broker and Mongo
 * stand-in, a fake GitHub, the stub agent, and the three services as separate processes. The
 * services act as a GitHub App installed on the owner {@code octo}, the way organisations run Kaka:
 * no personal token is configured, every service mints installation tokens with its own
 * permissions, and the fake GitHub enforces them. (The personal token, {@link #TOKEN}, is the
 * fake's own; tests use it to look around, and {@code ./kaka demo} runs Kaka with it.)
 */
public final class RunningSystem {

  static final String TOKEN = "e2e-github-token";

  /** The permissions the App asks for when it is installed: what the three services need. */
  private static final Map<String, String> APP_PERMISSIONS =
      Map.of(
          "contents", "write",
          "issues", "write",
          "pull_requests", "write",
          "metadata", "read",
          "checks", "read",
          "actions", "read");

  /** The basic credentials of the dashboard and the task API. */
  public static final String API_USER = "e2e-operator";

  public static final String API_PASSWORD = "e2e-api-password";
  static final String SECRET = "e2e-webhook-secret";

  /** The repository of {@code octo} with a budget of $1 a day, BudgetEndToEndTest's alone. */
  static final String BUDGETED_REPOSITORY = "budget-e2e";

  /**
   * The organisation with a budget of {@link #ORGANISATION_MONTHLY_USD} a month, the dashboard's
   * browser test's alone, so that what it shows does not depend on which tests ran before.
   */
  public static final String BUDGETED_ORGANISATION = "budget-board";

  public static final String ORGANISATION_MONTHLY_USD = "5";

  /** The repository of {@link #BUDGETED_ORGANISATION} with a budget of its own, by the month. */
  public static final String MONTHLY_BUDGETED_REPOSITORY = "monthly-budget";

  public static final String REPOSITORY_MONTHLY_USD = "2";

  /** The notifier's task store. */
  static final String DATABASE = "kaka-e2e";

  static final Duration AGENT_TIMEOUT = Duration.ofSeconds(8);

  /** How long the worker lets a running task finish once asked to stop; less than the timeout. */
  static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(3);

  /** How often the notifier's janitor looks for stuck tasks. */
  static final Duration JANITOR_PERIOD = Duration.ofSeconds(2);

  private static final JsonMapper JSON = JsonMapper.builder().build();
  // the Mongo stand-in does not answer the driver's hello: Boot's mongo health check, part of
  // readiness, would say DOWN
  private static final Map<String, String> STAND_IN_MONGO =
      Map.of(
          "management.health.mongodb.enabled", "false",
          "management.endpoint.health.validate-group-membership", "false");
  private static RunningSystem instance;

  final FakeGitHub github;
  final FakeGitHubApp app;
  final LocalSystem system;
  final WebhookSender webhooks;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private RunningSystem(FakeGitHub github, FakeGitHubApp app, LocalSystem system) {
    this.github = github;
    this.app = app;
    this.system = system;
    this.webhooks = new WebhookSender(URI.create(system.webhookUrl()), SECRET);
  }

  public static synchronized RunningSystem get() {
    if (instance == null) {
      instance = start();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    instance.system.close();
                    instance.github.close();
                  }));
    }
    return instance;
  }

  private static RunningSystem start() {
    try {
      Path dir = Files.createTempDirectory("kaka-e2e");
      FakeGitHub github = FakeGitHub.start(dir.resolve("github"), TOKEN);
      FakeGitHubApp app = github.registerApp(4242, "kaka-e2e", APP_PERMISSIONS);
      app.install("octo");
      app.install(BUDGETED_ORGANISATION);
      Map<String, String> asTheApp =
          Map.of(
              "kaka.github.app-id",
              Long.toString(app.id()),
              "kaka.github.app-private-key-file",
              Files.writeString(dir.resolve("github-app.pem"), app.privateKeyPem()).toString());
      Path agentScript = StubAgent.install(dir.resolve("bin"));
      Map<String, String> ingress = new HashMap<>(STAND_IN_MONGO);
      ingress.putAll(asTheApp);
      ingress.put("kaka.trigger.bot-login", app.botLogin());
      // every test triggers as the same sender; the rate limits have tests of their own
      ingress.put("kaka.webhook.rate-limit.per-sender.limit", "10000");
      // budgets on one repository of octo (BudgetEndToEndTest's) and on an organisation of its
      // own (DashboardBrowserTest's); the other tests' tasks have none
      ingress.put("kaka.budgets.limits[0].repository", "octo/" + BUDGETED_REPOSITORY);
      ingress.put("kaka.budgets.limits[0].daily-usd", "1");
      ingress.put("kaka.budgets.limits[1].organisation", BUDGETED_ORGANISATION);
      ingress.put("kaka.budgets.limits[1].monthly-usd", ORGANISATION_MONTHLY_USD);
      ingress.put(
          "kaka.budgets.limits[2].repository",
          BUDGETED_ORGANISATION + "/" + MONTHLY_BUDGETED_REPOSITORY);
      ingress.put("kaka.budgets.limits[2].monthly-usd", REPOSITORY_MONTHLY_USD);
      Map<String, String> notifier = new HashMap<>(STAND_IN_MONGO);
      notifier.putAll(asTheApp);
      // the fault tests' GitHub outages are short: probe again sooner than production would
      notifier.put("kaka.github.resilience.open-for", "5s");
      notifier.put("kaka.janitor.period", JANITOR_PERIOD.toMillis() + "ms");
      // writes paced as in production, sixty times faster: the suite's tasks on one installation
      // write more in a few minutes than GitHub's hourly budget
      notifier.put("kaka.github.pacing.speed-up", "60");
      ingress.put("kaka.api.username", API_USER);
      ingress.put("kaka.api.password", API_PASSWORD);
      Map<String, String> worker = new HashMap<>(asTheApp);
      // retryable failures run again by themselves: without the 30 s pause, in tests
      worker.put("kaka.worker.retry-back-off", "1s");
      worker.put("kaka.worker.shutdown-grace", SHUTDOWN_GRACE.toSeconds() + "s");
      worker.put("kaka.git.remote-url", github.remoteUrlTemplate());
      LocalSettings settings =
          new LocalSettings(
              dir,
              KafkaBroker.shared().bootstrapServers(),
              MongoStandIn.shared().uri(DATABASE),
              github.apiUrl(),
              "",
              SECRET,
              StubAgent.command(agentScript),
              AGENT_TIMEOUT,
              Kaka.freePorts(),
              Map.of(
                  LocalSettings.INGRESS,
                  ingress,
                  LocalSettings.NOTIFIER,
                  notifier,
                  LocalSettings.WORKER,
                  worker));
      LocalSystem system =
          LocalSystem.start(
              settings, ServiceJars.inBuild(), line -> System.out.println("e2e: " + line));
      return new RunningSystem(github, app, system);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The dashboard's address. */
  public String dashboardUrl() {
    return system.dashboardUrl();
  }

  /** {@code POST} to the task API as {@link #API_USER}, e.g. {@code /tasks/ID/cancel}. */
  HttpResponse<String> post(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(system.apiUrl() + path))
            .timeout(Duration.ofSeconds(10))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(
                            (API_USER + ":" + API_PASSWORD).getBytes(StandardCharsets.UTF_8)))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs {@code ./kaka rebuild-projection} from the shared broker into the empty {@code database}
   * of the shared Mongo stand-in, telling {@code out} what it says; its exit code.
   */
  static int rebuildProjection(String database, PrintStream out) {
    return new Kaka(Map.of("GITHUB_TOKEN", TOKEN), out)
        .run(
            List.of(
                "rebuild-projection",
                "--bootstrap-servers",
                KafkaBroker.shared().bootstrapServers(),
                "--mongodb-uri",
                MongoStandIn.shared().uri(database)));
  }

  /** The fake GitHub the services talk to, for tests outside this package to look around. */
  public FakeGitHub github() {
    return github;
  }

  /** The task's audit as {@code GET /api/tasks/{id}/audit} shows it, or null while unknown. */
  public JsonNode audit(String taskId) {
    HttpResponse<String> response = get("/tasks/" + taskId + "/audit");
    return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
  }

  /** The budgets as {@code GET /api/budgets?QUERY} shows them. */
  public JsonNode budgets(String query) {
    return budgets(LocalSettings.INGRESS, query);
  }

  /**
   * The budgets as {@code GET /api/budgets?QUERY} of {@code ingress} shows them: the first ingress
   * or a replica of {@link LocalSystem#addIngress()}.
   */
  JsonNode budgets(String ingress, String query) {
    HttpResponse<String> response = get(system.apiUrl(ingress), "/budgets?" + query);
    if (response.statusCode() != 200) {
      throw new AssertionError("GET /api/budgets?" + query + ": " + response.statusCode());
    }
    return JSON.readTree(response.body());
  }

  /** The sum of the ingress's samples of {@code metric} with {@code labels}, scraped now. */
  public double ingressMetric(String metric, Map<String, String> labels) {
    return PrometheusScrape.of(system.service(LocalSettings.INGRESS)).sum(metric, labels);
  }

  /** The task as {@code GET /api/tasks/{id}} shows it, or null while it is unknown. */
  public JsonNode task(String taskId) {
    HttpResponse<String> response = get("/tasks/" + taskId);
    return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
  }

  /** {@code GET} from the task API as {@link #API_USER}, e.g. {@code /tasks/ID}. */
  HttpResponse<String> get(String path) {
    return get(system.apiUrl(), path);
  }

  private HttpResponse<String> get(String api, String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(api + path))
            .timeout(Duration.ofSeconds(5))
            // the read API is private by default (kaka.api.public-read)
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(
                            (API_USER + ":" + API_PASSWORD).getBytes(StandardCharsets.UTF_8)))
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The lines {@code service} has logged so far, in the JSON the deployments ship. */
  List<JsonNode> jsonLog(String service) {
    Path log = system.service(service).log().resolveSibling(service + ".json");
    try {
      List<JsonNode> lines = new ArrayList<>();
      for (String line : Files.readAllLines(log)) {
        lines.add(JSON.readTree(line));
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
