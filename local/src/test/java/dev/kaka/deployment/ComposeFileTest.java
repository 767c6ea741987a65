package dev.kaka.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.kaka.common.Topics;
import dev.kaka.worker.session.SessionProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.convert.DurationStyle;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml as Docker Compose reads it ({@code docker-compose config}, the file with
 * variables filled in from an .env like .env.example), checked against the services: they start
 * with what it gives them, they are probed and scraped where they listen, and the topics it makes
 * fit the workers it runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComposeFileTest {

  /** Every variable .env.example asks for, with a stand-in value. */
  private static final Map<String, String> ENV =
      Map.of(
          "GITHUB_TOKEN",
          "compose-token",
          "KAKA_WEBHOOK_SECRET",
          "compose-secret",
          "ANTHROPIC_API_KEY",
          "compose-key",
          "MONGO_PASSWORD",
          "compose-mongo",
          "GRAFANA_ADMIN_PASSWORD",
          "compose-grafana");

  /** The topics the task store is rebuilt from: they keep their records forever. */
  static final List<String> REBUILT_FROM = List.of(Topics.ISSUE_TRIGGERED, Topics.TASK_EVENTS);

  /** Past its shutdown time a service is stuck: Compose need not wait much longer to kill it. */
  static final Duration MAX_GRACE_MARGIN = Duration.ofMinutes(1);

  private Map<String, Object> compose;

  @BeforeAll
  void readComposeFile() throws IOException {
    assumeThat(Commands.available("docker-compose"))
        .as("docker-compose is not installed (apt-get install docker-compose)")
        .isTrue();
    Commands.Result result = config(ENV);
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    compose = new Yaml().load(result.stdout());
  }

  static List<KakaService> services() {
    return KakaService.all();
  }

  @ParameterizedTest
  @MethodSource("services")
  void eachServiceStartsWithTheConfigurationComposeGivesIt(KakaService service) {
    ServiceConfiguration config = configuration(service);

    assertThat(config.bindAll()).isNotEmpty();
    assertThat(config.property("spring.kafka.bootstrap-servers")).isEqualTo("kafka:9092");
    assertThat(env("kafka")).containsEntry("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://kafka:9092");
    if (service.usesMongo()) {
      assertThat(config.property("spring.mongodb.uri"))
          .startsWith("mongodb://kaka:compose-mongo@mongo:27017/");
      assertThat(env("mongo")).containsEntry("MONGO_INITDB_ROOT_USERNAME", "kaka");
    }
  }

  @ParameterizedTest
  @MethodSource("services")
  void eachServiceIsBuiltFromItsModuleAsTheImageTheDeploymentsName(KakaService service)
      throws IOException {
    Map<String, Object> build = map(service(service.composeService()).get("build"));

    assertThat(map(build.get("args"))).containsEntry("SERVICE", service.module());
    assertThat(build.get("target")).isEqualTo(service.composeService());
    assertThat(Dockerfile.read().stages()).contains(service.composeService());
    assertThat(RepositoryRoot.resolve(service.module()).resolve("pom.xml"))
        .content()
        .contains("<artifactId>" + service.module() + "</artifactId>");
    assertThat((String) service(service.composeService()).get("image"))
        .startsWith(service.image() + ":");
  }

  @ParameterizedTest
  @MethodSource("services")
  void eachServiceIsProbedOnItsPortAndReadinessPathAndStoppedAfterItsShutdownTimeout(
      KakaService service) {
    ServiceConfiguration config = configuration(service);
    Map<String, Object> definition = service(service.composeService());
    String port = config.property("server.port");

    Actuator actuator = Actuator.of(config);

    List<?> test = (List<?>) map(definition.get("healthcheck")).get("test");
    assertThat(test.get(test.size() - 1))
        .isEqualTo("http://localhost:" + actuator.port(port) + actuator.readinessPath());
    Duration shutdown = config.shutdownTime();
    assertThat(DurationStyle.detectAndParse((String) definition.get("stop_grace_period")))
        .isGreaterThan(shutdown)
        .isLessThanOrEqualTo(shutdown.plus(MAX_GRACE_MARGIN));
    // only the server port is published: a management port stays inside
    for (Object published : (List<?>) definition.getOrDefault("ports", List.of())) {
      assertThat(String.valueOf(map(published).get("target"))).isEqualTo(port);
    }
  }

  @Test
  void everyTopicIsMadeWithThePartitionCountTheServicesUseAndTheWorkersFitIntoIt() {
    Map<String, Object> topics = service("topics");
    // docker-compose config prints a literal $ as $$
    String script =
        String.join("\n", ((List<?>) topics.get("command")).stream().map(String::valueOf).toList())
            .replace("$$", "$");
    String partitions = String.valueOf(env("topics").get("PARTITIONS"));

    for (String topic : topicNames()) {
      assertThat(script).contains(topic);
    }
    assertThat(script).contains("--partitions \"$PARTITIONS\"");
    for (String topic : REBUILT_FROM) {
      assertThat(script)
          .as("the projection is rebuilt from " + topic)
          .contains(topic + " --config retention.ms=-1");
    }
    assertThat(configsOf(script, Topics.AGENT_SESSIONS))
        .as("made as the worker would make it")
        .isEqualTo(
            configuration(KakaService.WORKER)
                .bind("kaka.sessions", SessionProperties.class)
                .topicConfigs());
    for (KakaService service : KakaService.all()) {
      assertThat(configuration(service).property("kaka.topics.partitions"))
          .as(service.toString())
          .isEqualTo(partitions);
    }
    int concurrency =
        Integer.parseInt(configuration(KakaService.WORKER).property("kaka.worker.concurrency"));
    assertThat(Integer.parseInt(partitions) % concurrency)
        .as("partitions are a whole number of workers' threads")
        .isZero();
    assertThat(env("kafka")).containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
  }

  @Test
  void aMissingSecretStopsComposeWithItsName() {
    for (String variable : List.of("GITHUB_TOKEN", "KAKA_WEBHOOK_SECRET", "MONGO_PASSWORD")) {
      Map<String, String> without = new HashMap<>(ENV);
      without.remove(variable);

      Commands.Result result = config(without);

      assertThat(result.exitCode()).isNotZero();
      assertThat(result.stderr()).contains("set " + variable + " in .env");
    }
  }

  @Test
  void envExampleNamesEveryVariableComposeRequires() throws IOException {
    String example = Files.readString(RepositoryRoot.resolve(".env.example"));
    String file = Files.readString(RepositoryRoot.resolve("docker-compose.yml"));
    Matcher required = Pattern.compile("\\$\\{([A-Z_]+):\\?").matcher(file);
    List<String> names = new ArrayList<>();
    while (required.find()) {
      names.add(required.group(1));
    }

    assertThat(names).isNotEmpty();
    for (String name : names) {
      assertThat(example).contains("\n" + name + "=");
    }
    assertThat(RepositoryRoot.resolve(".gitignore")).content().containsPattern("(?m)^\\.env$");
  }

  @Test
  void prometheusScrapesEachServiceWhereItServesMetrics() throws IOException {
    Map<String, Object> prometheus =
        new Yaml()
            .load(Files.readString(RepositoryRoot.resolve("deploy/prometheus/prometheus.yml")));
    Map<String, Map<String, Object>> jobs = new HashMap<>();
    for (Object job : (List<?>) prometheus.get("scrape_configs")) {
      jobs.put((String) map(job).get("job_name"), map(job));
    }

    for (KakaService service : KakaService.all()) {
      ServiceConfiguration config = configuration(service);
      Map<String, Object> job = jobs.get("kaka-" + service.composeService());
      assertThat(job).as(service.toString()).isNotNull();
      Actuator actuator = Actuator.of(config);
      assertThat(job.get("metrics_path")).isEqualTo(actuator.prometheusPath());
      assertThat(targets(job))
          .as(service.toString())
          .containsExactly(
              service.composeService() + ":" + actuator.port(config.property("server.port")));
    }
    assertThat(mounts("prometheus")).contains("/etc/prometheus/prometheus.yml");
  }

  @Test
  void grafanaIsProvisionedWithThePrometheusDataSourceAndTheDashboard() throws IOException {
    Map<String, Object> datasources =
        new Yaml()
            .load(
                Files.readString(
                    RepositoryRoot.resolve(
                        "deploy/grafana/provisioning/datasources/prometheus.yml")));
    Map<String, Object> source = map(((List<?>) datasources.get("datasources")).get(0));
    Map<String, Object> providers =
        new Yaml()
            .load(
                Files.readString(
                    RepositoryRoot.resolve("deploy/grafana/provisioning/dashboards/kaka.yml")));
    Map<String, Object> provider = map(((List<?>) providers.get("providers")).get(0));
    String dashboard =
        Files.readString(RepositoryRoot.resolve("deploy/grafana/dashboards/kaka.json"));

    assertThat(source.get("url")).isEqualTo("http://prometheus:9090");
    assertThat(service("prometheus").get("ports").toString()).contains("target=9090");
    assertThat(dashboard).contains("\"uid\": \"" + source.get("uid") + "\"");
    assertThat(mounts("grafana"))
        .contains((String) map(provider.get("options")).get("path"), "/etc/grafana/provisioning");
  }

  private Commands.Result config(Map<String, String> environment) {
    try {
      Path empty = Files.createTempFile("kaka", ".env");
      return Commands.run(
          RepositoryRoot.path(),
          environment,
          List.of(
              "docker-compose",
              "--env-file",
              empty.toString(),
              "-f",
              "docker-compose.yml",
              "config"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private ServiceConfiguration configuration(KakaService service) {
    Map<String, String> variables = new HashMap<>();
    env(service.composeService())
        .forEach((name, value) -> variables.put(name, String.valueOf(value)));
    variables.putAll(Dockerfile.read().environment(service.composeService()));
    return ServiceConfiguration.of(service, variables, Map.of());
  }

  private Map<String, Object> service(String name) {
    return map(map(compose.get("services")).get(name));
  }

  private Map<String, Object> env(String service) {
    return map(service(service).getOrDefault("environment", Map.of()));
  }

  private List<String> mounts(String service) {
    return ((List<?>) service(service).get("volumes"))
        .stream().map(volume -> String.valueOf(volume).split(":")[1]).toList();
  }

  private static List<String> targets(Map<String, Object> job) {
    List<String> targets = new ArrayList<>();
    for (Object config : (List<?>) job.getOrDefault("static_configs", List.of())) {
      ((List<?>) map(config).get("targets")).forEach(target -> targets.add((String) target));
    }
    for (Object config : (List<?>) job.getOrDefault("dns_sd_configs", List.of())) {
      Object port = map(config).get("port");
      ((List<?>) map(config).get("names")).forEach(name -> targets.add(name + ":" + port));
    }
    return targets;
  }

  /** The {@code --config name=value} pairs the script's {@code create topic} command gives. */
  private static Map<String, String> configsOf(String script, String topic) {
    Map<String, String> configs = new HashMap<>();
    for (String line : script.replaceAll("\\\\\n\\s*", " ").split("\n")) {
      List<String> words = List.of(line.strip().split("\\s+"));
      if (words.size() > 1 && words.get(0).equals("create") && words.get(1).equals(topic)) {
        for (int i = 2; i + 1 < words.size(); i += 2) {
          assertThat(words.get(i)).isEqualTo("--config");
          String[] config = words.get(i + 1).split("=", 2);
          configs.put(config[0], config[1]);
        }
      }
    }
    return configs;
  }

  /** Every topic the services make or must find, as the deployments make them. */
  static List<String> topicNames() {
    List<String> names = new ArrayList<>(Topics.eventTopics());
    names.add(Topics.AGENT_SESSIONS);
    return names;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object yaml) {
    return (Map<String, Object>) yaml;
  }
}
