package dev.kaka.local;

import dev.kaka.testkit.kafka.KafkaBroker;
import dev.kaka.testkit.mongo.MongoStandIn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The whole of Kaka on one machine: a real Kafka broker and a MongoDB-wire server in this process
 * (unless existing ones are configured), and the three services as separate JVMs. Public for the
 * benchmarks in {@code bench/}, which run the system as {@code ./kaka} does.
 */
public final class LocalSystem implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  // Ctrl-C should not wait minutes for an agent; a stopping service gets 40 s (ServiceProcess)
  private static final Duration WORKER_SHUTDOWN_GRACE = Duration.ofSeconds(10);

  // guarded by this: a shutdown hook closes the system while the main thread may still start it
  private final List<AutoCloseable> started = new ArrayList<>();
  private final Map<String, ServiceProcess> services = new HashMap<>();
  private volatile boolean closed;
  private final LocalSettings settings;
  private final ServiceJars jars;
  private final Consumer<String> progress;
  private String kafkaBootstrapServers;
  private String mongoUri;

  private LocalSystem(LocalSettings settings, ServiceJars jars, Consumer<String> progress) {
    this.settings = settings;
    this.jars = jars;
    this.progress = progress;
  }

  public static LocalSystem start(
      LocalSettings settings, ServiceJars jars, Consumer<String> progress) {
    LocalSystem system = prepare(settings, jars, progress);
    system.start();
    return system;
  }

  /**
   * A system that starts nothing until {@link #start()}, so that whoever must be able to stop it (a
   * shutdown hook) holds it before the first process exists.
   */
  static LocalSystem prepare(LocalSettings settings, ServiceJars jars, Consumer<String> progress) {
    return new LocalSystem(settings, jars, progress);
  }

  /**
   * Starts the broker, the database and the services, and waits until the services are healthy.
   * {@link #close()} may be called meanwhile from another thread: it stops what has started, and
   * this method then fails with {@link StoppedWhileStarting} instead of starting more.
   */
  void start() {
    try {
      startInfrastructure();
      startServices();
    } catch (RuntimeException e) {
      close();
      throw closed ? new StoppedWhileStarting() : e;
    }
  }

  public String webhookUrl() {
    return "http://127.0.0.1:" + settings.port(LocalSettings.INGRESS) + "/webhooks/github";
  }

  String apiUrl() {
    return "http://127.0.0.1:" + settings.port(LocalSettings.INGRESS) + "/api";
  }

  /**
   * The task API of ingress {@code name}: the first one or a replica {@link #addIngress()} named.
   */
  String apiUrl(String name) {
    return "http://127.0.0.1:" + service(name).port() + "/api";
  }

  /** The dashboard the ingress serves. */
  String dashboardUrl() {
    return "http://127.0.0.1:" + settings.port(LocalSettings.INGRESS) + "/";
  }

  public String kafkaBootstrapServers() {
    return kafkaBootstrapServers;
  }

  /**
   * Starts one more worker JVM beside the running ones, with the worker's settings and a port of
   * its own, and waits until it is ready: for scaling out while tasks run.
   *
   * @return the new worker's name, {@code worker-2} for the second one, and so on
   */
  public String addWorker() {
    return addReplica(LocalSettings.WORKER, "worker-service", workerProperties());
  }

  /**
   * Starts one more ingress JVM beside the running one, with the ingress's settings and a port of
   * its own, on the same broker and database, and waits until it is ready: a replica behind the
   * same load balancer. {@link #stop(String)} stops it again.
   *
   * @return the new ingress's name, {@code ingress-2} for the second one, and so on
   */
  public String addIngress() {
    return addReplica(LocalSettings.INGRESS, "ingress-service", ingressProperties());
  }

  private String addReplica(String role, String module, Map<String, String> properties) {
    long running = services().stream().filter(s -> s.name().startsWith(role)).count();
    String name = role + "-" + (running + 1);
    properties.putAll(settings.extra(role));
    launch(name, module, properties, Kaka.freePort());
    ServiceProcess service = service(name);
    service.awaitHealthy(START_TIMEOUT);
    progress.accept(name + " ready on port " + service.port() + " (pid " + service.pid() + ")");
    return name;
  }

  synchronized ServiceProcess service(String name) {
    return services.get(name);
  }

  synchronized List<ServiceProcess> services() {
    return List.copyOf(services.values());
  }

  /**
   * Starts service {@code name} again with the same settings, after stopping it if it still runs:
   * for fault tests that kill a service and for a replica that replaces a crashed one.
   */
  ServiceProcess restart(String name) {
    stop(name);
    switch (name) {
      case LocalSettings.INGRESS -> launch(name, "ingress-service", ingressProperties());
      case LocalSettings.WORKER -> launch(name, "worker-service", workerProperties());
      case LocalSettings.NOTIFIER -> launch(name, "notifier-service", notifierProperties());
      default -> throw new IllegalArgumentException("no service " + name);
    }
    ServiceProcess service = service(name);
    service.awaitHealthy(START_TIMEOUT);
    progress.accept(name + " restarted on port " + service.port() + " (pid " + service.pid() + ")");
    return service;
  }

  /** Stops service {@code name} and forgets it: for a replica that is no longer needed. */
  void stop(String name) {
    ServiceProcess service;
    synchronized (this) {
      service = services.remove(name);
      started.remove(service);
    }
    service.close();
  }

  private void startInfrastructure() {
    kafkaBootstrapServers = settings.kafkaBootstrapServers();
    if (kafkaBootstrapServers == null) {
      progress.accept("Starting the Kafka broker (KRaft) ...");
      KafkaBroker broker = track(KafkaBroker.start(settings.dataDir().resolve("kafka"), 0));
      kafkaBootstrapServers = broker.bootstrapServers();
      progress.accept("Kafka broker ready at " + kafkaBootstrapServers);
    }
    mongoUri = settings.mongoUri();
    if (mongoUri == null) {
      MongoStandIn mongo =
          track(MongoStandIn.persistent(settings.dataDir().resolve("mongo.mv"), 0));
      mongoUri = mongo.uri("kaka");
      progress.accept("MongoDB stand-in ready at " + mongoUri.replace("mongodb://", ""));
    }
  }

  private void startServices() {
    progress.accept("Starting ingress, worker and notifier (logs in " + logDir() + ") ...");
    launch(LocalSettings.INGRESS, "ingress-service", ingressProperties());
    launch(LocalSettings.WORKER, "worker-service", workerProperties());
    launch(LocalSettings.NOTIFIER, "notifier-service", notifierProperties());
    for (String name :
        List.of(LocalSettings.INGRESS, LocalSettings.WORKER, LocalSettings.NOTIFIER)) {
      ServiceProcess service = service(name);
      service.awaitHealthy(START_TIMEOUT);
      progress.accept(name + " ready on port " + service.port() + " (pid " + service.pid() + ")");
    }
  }

  private void launch(String name, String module, Map<String, String> properties) {
    launch(name, module, properties, settings.port(name));
  }

  private void launch(String name, String module, Map<String, String> properties, int port) {
    // readable text on the console and in <name>.log; the same lines as JSON in <name>.json, with
    // a task's ids as fields, for jq and for the tests
    properties.put("logging.structured.format.file", "dev.kaka.support.logging.EcsLogFormat");
    properties.put("logging.file.name", logDir().resolve(name + ".json").toString());
    properties.putAll(settings.extra(name));
    Map<String, String> secrets = new HashMap<>();
    secrets.put("GITHUB_TOKEN", settings.githubToken());
    secrets.put("KAKA_WEBHOOK_SECRET", settings.webhookSecret());
    if (closed) {
      throw new StoppedWhileStarting();
    }
    ServiceProcess service =
        track(ServiceProcess.start(name, jars.jar(module), port, properties, secrets, logDir()));
    synchronized (this) {
      services.put(name, service);
    }
  }

  /**
   * Keeps {@code resource} to be closed with the system, or closes it at once when the system was
   * closed while it started.
   */
  private <T extends AutoCloseable> T track(T resource) {
    synchronized (this) {
      if (!closed) {
        started.add(resource);
        return resource;
      }
    }
    closeQuietly(resource);
    throw new StoppedWhileStarting();
  }

  private Map<String, String> ingressProperties() {
    Map<String, String> properties = common();
    properties.putAll(mongo());
    // repositories' .github/kaka.yml are read from the same GitHub, with GITHUB_TOKEN
    properties.put("kaka.github.api-url", settings.githubApiUrl());
    return properties;
  }

  private Map<String, String> workerProperties() {
    Map<String, String> properties = common();
    // the remote, a GitHub App's tokens and the commits' noreply addresses: all on that server
    properties.put("kaka.github.api-url", settings.githubApiUrl());
    properties.put("kaka.git.cache-dir", settings.dataDir().resolve("repo-cache").toString());
    properties.put("kaka.git.workspace-dir", settings.dataDir().resolve("workspaces").toString());
    properties.put("kaka.worker.shutdown-grace", WORKER_SHUTDOWN_GRACE.toSeconds() + "s");
    if (settings.agentTimeout() != null) {
      properties.put("kaka.agent.timeout", settings.agentTimeout().toSeconds() + "s");
    }
    if (!settings.agentCommand().isEmpty()) {
      properties.put("kaka.agent.command", String.join(",", settings.agentCommand()));
    }
    return properties;
  }

  private Map<String, String> notifierProperties() {
    Map<String, String> properties = common();
    properties.putAll(mongo());
    properties.put("kaka.github.api-url", settings.githubApiUrl());
    return properties;
  }

  private Map<String, String> common() {
    Map<String, String> properties = new HashMap<>();
    properties.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers);
    // commits and comments link the task's page on this ingress, unless the environment names
    // the address people reach it at
    if (System.getenv("KAKA_DASHBOARD_PUBLIC_URL") == null) {
      properties.put("kaka.dashboard.public-url", dashboardUrl());
    }
    return properties;
  }

  private Map<String, String> mongo() {
    Map<String, String> properties = new HashMap<>();
    properties.put("spring.mongodb.uri", mongoUri);
    if (settings.mongoUri() == null) {
      // the stand-in does not answer the driver's hello command, which Boot's indicator (named
      // mongodb in Boot 4) sends to every database: DOWN as soon as a database exists
      properties.put("management.health.mongodb.enabled", "false");
      // the readiness group names the mongo indicator; without it, start-up must not fail
      properties.put("management.endpoint.health.validate-group-membership", "false");
    }
    return properties;
  }

  private java.nio.file.Path logDir() {
    return settings.dataDir().resolve("logs");
  }

  /** Stops the services first, then what they depend on; at any moment, start-up included. */
  @Override
  public void close() {
    List<AutoCloseable> reversed;
    synchronized (this) {
      closed = true;
      reversed = new ArrayList<>(started);
      started.clear();
    }
    java.util.Collections.reverse(reversed);
    reversed.stream()
        .filter(ServiceProcess.class::isInstance)
        .parallel()
        .forEach(LocalSystem::closeQuietly);
    reversed.stream()
        .filter(c -> !(c instanceof ServiceProcess))
        .forEach(LocalSystem::closeQuietly);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      System.err.println("Could not stop " + closeable + ": " + e);
    }
  }
}
