package dev.kaka.ingress.dashboard;

import dev.kaka.support.github.GitHubProperties;
import dev.kaka.support.time.DurationText;
import dev.kaka.taskstore.TaskDocument;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** What the old configuration wizard checked, as far as the ingress can see. */
@Component
class SetupChecks {

  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  /** The workers' consumer group ({@code spring.kafka.consumer.group-id} of the worker). */
  static final String WORKER_GROUP = "kaka-worker";

  /**
   * @param ok true when fine, false when not, null when the ingress cannot tell
   * @param detail what was found, or what to change
   */
  record Check(String name, Boolean ok, String detail) {}

  private final ReactiveMongoTemplate mongo;
  private final KafkaAdmin kafka;
  private final Environment environment;
  private final GitHubProperties github;

  SetupChecks(
      ReactiveMongoTemplate mongo,
      KafkaAdmin kafka,
      Environment environment,
      GitHubProperties github) {
    this.mongo = mongo;
    this.kafka = kafka;
    this.environment = environment;
    this.github = github;
  }

  List<Mono<Check>> all() {
    return List.of(
        mongo(),
        kafka(),
        workers(),
        Mono.fromSupplier(this::webhookSecret),
        Mono.fromSupplier(this::credentials),
        Mono.fromSupplier(this::settingsFiles));
  }

  /**
   * The ingress holds GitHub credentials only to read repositories' settings files and requesters'
   * permissions.
   */
  private Check settingsFiles() {
    String whetherAccepted =
        "; whether GitHub accepts it is not checked here (the notifier's log says so)";
    if (github.hasToken()) {
      return new Check(
          "GitHub credentials",
          null,
          "a token, with which the ingress reads repositories' .github/kaka.yml" + whetherAccepted);
    }
    if (github.hasApp()) {
      return new Check(
          "GitHub credentials",
          null,
          "GitHub App "
              + github.appId()
              + ": the ingress reads each repository's .github/kaka.yml with an installation"
              + " token of its own"
              + whetherAccepted);
    }
    return new Check(
        "GitHub credentials",
        false,
        "none on the ingress: repositories' .github/kaka.yml are not read and every repository"
            + " gets the service-wide settings; set GITHUB_TOKEN, or the GitHub App"
            + " (kaka.github.app-id, kaka.github.app-private-key-file), for the ingress too");
  }

  private Mono<Check> mongo() {
    return mongo
        .count(new Query(), TaskDocument.class)
        .timeout(TIMEOUT)
        .map(count -> new Check("MongoDB", true, "reachable; " + count + " tasks stored"))
        .onErrorResume(
            failure ->
                Mono.just(
                    new Check(
                        "MongoDB",
                        false,
                        "not reachable within "
                            + DurationText.of(TIMEOUT)
                            + ": check spring.mongodb.uri "
                            + "(MONGODB_URI)")));
  }

  /**
   * Whether any worker takes tasks. A worker joins its consumer group only once its agent sandbox
   * has started at start-up, so no member while workers run means their sandboxes do not work.
   */
  private Mono<Check> workers() {
    return Mono.fromCallable(
            () -> {
              try (AdminClient admin = AdminClient.create(adminConfig())) {
                int members = workerGroupMembers(admin);
                return members > 0
                    ? new Check(
                        "Workers",
                        true,
                        members
                            + " worker consumer(s) take tasks, each of"
                            + " whose agent sandbox started")
                    : new Check(
                        "Workers",
                        false,
                        "no worker takes tasks. Start one; a worker whose agent"
                            + " sandbox cannot start (no user namespaces, bubblewrap or socat missing) takes"
                            + " none, and its /actuator/health/readiness (component sandbox) says why");
              }
            })
        .subscribeOn(Schedulers.boundedElastic())
        .onErrorResume(
            failure ->
                Mono.just(
                    new Check(
                        "Workers",
                        null,
                        "the workers' consumer group could not be read within "
                            + DurationText.of(TIMEOUT))));
  }

  /** How many consumers the workers' group has; none when it does not exist yet. */
  private static int workerGroupMembers(AdminClient admin) throws Exception {
    try {
      return admin
          .describeConsumerGroups(List.of(WORKER_GROUP))
          .all()
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .get(WORKER_GROUP)
          .members()
          .size();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException) {
        return 0;
      }
      throw e;
    }
  }

  private Map<String, Object> adminConfig() {
    Map<String, Object> config = new java.util.HashMap<>(kafka.getConfigurationProperties());
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    return config;
  }

  private Mono<Check> kafka() {
    return Mono.fromCallable(
            () -> {
              try (AdminClient admin = AdminClient.create(adminConfig())) {
                int brokers =
                    admin
                        .describeCluster()
                        .nodes()
                        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .size();
                return new Check("Kafka", true, "reachable; " + brokers + " broker(s)");
              }
            })
        .subscribeOn(Schedulers.boundedElastic())
        .onErrorResume(
            failure ->
                Mono.just(
                    new Check(
                        "Kafka",
                        false,
                        "not reachable within "
                            + DurationText.of(TIMEOUT)
                            + ": check spring.kafka.bootstrap-servers "
                            + "(KAFKA_BOOTSTRAP_SERVERS)")));
  }

  private Check webhookSecret() {
    Binder binder = Binder.get(environment);
    long global =
        binder
            .bind("kaka.webhook.secrets", Bindable.listOf(String.class))
            .orElse(List.of())
            .stream()
            .filter(secret -> !secret.isBlank())
            .count();
    int scoped =
        binder
            .bind("kaka.webhook.repository-secrets", Bindable.mapOf(String.class, Object.class))
            .orElse(Map.of())
            .size();
    boolean ok = global > 0 || scoped > 0;
    return new Check(
        "Webhook secret",
        ok,
        ok
            ? global
                + " global secret(s), "
                + scoped
                + " owner or repository scope(s) with their own"
            : "none: set KAKA_WEBHOOK_SECRET to the secret of the repository's webhook");
  }

  private Check credentials() {
    boolean token = !environment.getProperty("kaka.api.token", "").isBlank();
    boolean password = !environment.getProperty("kaka.api.password", "").isBlank();
    return new Check(
        "Dashboard credentials",
        token || password,
        token || password
            ? (token ? "bearer token" : "")
                + (token && password ? " and " : "")
                + (password ? "basic credentials" : "")
                + " configured"
            : "none: set KAKA_API_TOKEN or KAKA_API_PASSWORD, or nobody can log in");
  }
}
