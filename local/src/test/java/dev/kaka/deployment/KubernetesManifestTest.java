package dev.kaka.deployment;

import static dev.kaka.deployment.ComposeFileTest.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.kaka.common.Topics;
import dev.kaka.worker.session.SessionProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The manifests {@code kubectl kustomize} renders from k8s/ (the base) and from the example
 * overlay, checked against the services: each starts with what its Deployment gives it, its probes
 * and scrapes hit its actuator endpoints, its grace period covers its shutdown, and the worker's
 * autoscaling fits the topics' partitions.
 */
class KubernetesManifestTest {

  private static final Map<String, List<Map<String, Object>>> RENDERED = new HashMap<>();

  static List<String> kustomizations() {
    return List.of("k8s", "k8s/overlays/example");
  }

  static List<Arguments> deployments() {
    List<Arguments> arguments = new ArrayList<>();
    for (String kustomization : kustomizations()) {
      for (KakaService service : KakaService.all()) {
        arguments.add(Arguments.of(kustomization, service));
      }
    }
    return arguments;
  }

  @ParameterizedTest
  @MethodSource("deployments")
  void eachServiceStartsWithWhatItsDeploymentGivesIt(String kustomization, KakaService service) {
    Manifests manifests = render(kustomization);
    ServiceConfiguration config = manifests.configuration(service);

    assertThat(config.bindAll()).isNotEmpty();
    assertThat(config.property("spring.kafka.bootstrap-servers"))
        .isEqualTo(manifests.kafkaCluster() + "-kafka-bootstrap:9092");
    assertThat(config.property("spring.config.import"))
        .isEqualTo("optional:configtree:" + Manifests.SECRETS_DIR + "/");
    if (service.usesMongo()) {
      assertThat(config.property("spring.mongodb.uri"))
          .isEqualTo("stand-in for spring.mongodb.uri");
    }
    assertThat(config.property("logging.structured.format.console"))
        .isEqualTo("dev.kaka.support.logging.EcsLogFormat");
  }

  @ParameterizedTest
  @MethodSource("deployments")
  void eachContainerIsProbedAndScrapedOnItsActuatorEndpointsAndRunsAsTheImageBuilt(
      String kustomization, KakaService service) {
    Manifests manifests = render(kustomization);
    ServiceConfiguration config = manifests.configuration(service);
    Actuator actuator = Actuator.of(config);
    Map<String, Object> pod = manifests.podSpec(service);
    Map<String, Object> container = manifests.container(service);

    String serverPort = config.property("server.port");
    String on = " on " + actuator.portName();

    assertThat(manifests.containerPort(service, "http")).isEqualTo(serverPort);
    assertThat(manifests.containerPort(service, actuator.portName()))
        .isEqualTo(actuator.port(serverPort));
    assertThat(probe(container, "livenessProbe")).isEqualTo(actuator.livenessPath() + on);
    assertThat(probe(container, "startupProbe")).isEqualTo(actuator.livenessPath() + on);
    assertThat(probe(container, "readinessProbe")).isEqualTo(actuator.readinessPath() + on);
    assertThat((String) container.get("image")).contains(service.image());
    assertThat(map(pod.get("securityContext"))).containsEntry("runAsNonRoot", true);
    assertThat(map(container.get("securityContext")))
        .containsEntry("readOnlyRootFilesystem", true)
        .containsEntry("allowPrivilegeEscalation", false);
    Map<String, Object> resources = map(container.get("resources"));
    assertThat(map(resources.get("requests"))).containsKeys("cpu", "memory");
    assertThat(map(resources.get("limits"))).containsKey("memory");
    Map<String, Object> monitor = manifests.serviceMonitorOf(service);
    Map<String, Object> endpoint =
        map(((List<?>) map(monitor.get("spec")).get("endpoints")).get(0));
    assertThat(endpoint).containsEntry("path", actuator.prometheusPath());
    assertThat(manifests.servicePortTarget(service, (String) endpoint.get("port")))
        .as("the container port the ServiceMonitor scrapes")
        .isEqualTo(actuator.portName());
  }

  @ParameterizedTest
  @MethodSource("deployments")
  void eachPodIsGivenTimeToShutDownGracefullyAndIsProtectedByADisruptionBudget(
      String kustomization, KakaService service) {
    Manifests manifests = render(kustomization);
    ServiceConfiguration config = manifests.configuration(service);
    Duration shutdown = config.shutdownTime();
    List<?> preStop =
        (List<?>)
            map(map(map(manifests.container(service).get("lifecycle")).get("preStop")).get("exec"))
                .get("command");
    Duration sleep = Duration.ofSeconds(Long.parseLong(String.valueOf(preStop.get(1))));

    assertThat(preStop.get(0)).isEqualTo("sleep");
    assertThat(
            Duration.ofSeconds(
                ((Number) manifests.podSpec(service).get("terminationGracePeriodSeconds"))
                    .longValue()))
        .isGreaterThan(sleep.plus(shutdown))
        .isLessThanOrEqualTo(sleep.plus(shutdown).plus(ComposeFileTest.MAX_GRACE_MARGIN));
    assertThat(manifests.named("PodDisruptionBudget", service.deployment()))
        .extracting(pdb -> map(map(pdb.get("spec")).get("selector")).get("matchLabels"))
        .isEqualTo(
            map(map(manifests.named("Deployment", service.deployment()).get("spec"))
                    .get("selector"))
                .get("matchLabels"));
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void theTopicsPartitionsAreTheWorkersMaximumAndTheServicesPartitionSetting(String kustomization) {
    Manifests manifests = render(kustomization);
    Map<String, Object> scaledObject =
        manifests.named("ScaledObject", KakaService.WORKER.deployment());
    Map<String, Object> spec = map(scaledObject.get("spec"));
    Map<String, Object> trigger = map(((List<?>) spec.get("triggers")).get(0));
    Map<String, Object> kafka = map(trigger.get("metadata"));
    ServiceConfiguration worker = manifests.configuration(KakaService.WORKER);
    int concurrency = Integer.parseInt(worker.property("kaka.worker.concurrency"));
    int maxReplicas = ((Number) spec.get("maxReplicaCount")).intValue();

    Set<String> topics = new TreeSet<>();
    for (Map<String, Object> topic : manifests.all("KafkaTopic")) {
      Map<String, Object> topicSpec = map(topic.get("spec"));
      topics.add((String) topicSpec.get("topicName"));
      assertThat(((Number) topicSpec.get("partitions")).intValue())
          .as(topicSpec.toString())
          .isEqualTo(maxReplicas * concurrency);
      assertThat(String.valueOf(topicSpec.get("replicas")))
          .isEqualTo(worker.property("kaka.topics.replication-factor"));
      if (ComposeFileTest.REBUILT_FROM.contains(topicSpec.get("topicName"))) {
        assertThat(map(topicSpec.get("config")))
            .as("the projection is rebuilt from it")
            .containsEntry("retention.ms", "-1");
      }
      if (Topics.AGENT_SESSIONS.equals(topicSpec.get("topicName"))) {
        assertThat(map(topicSpec.get("config")))
            .as("made as the worker would make it")
            .containsAllEntriesOf(
                worker.bind("kaka.sessions", SessionProperties.class).topicConfigs());
      }
      assertThat(map(map(topic.get("metadata")).get("labels")))
          .containsEntry("strimzi.io/cluster", manifests.kafkaCluster());
    }
    assertThat(topics).containsExactlyInAnyOrderElementsOf(ComposeFileTest.topicNames());
    for (KakaService service : KakaService.all()) {
      assertThat(manifests.configuration(service).property("kaka.topics.partitions"))
          .isEqualTo(String.valueOf(maxReplicas * concurrency));
    }
    assertThat(map(spec.get("scaleTargetRef")))
        .containsEntry("name", KakaService.WORKER.deployment());
    assertThat(trigger).containsEntry("type", "kafka");
    assertThat(kafka)
        .containsEntry("topic", "kaka.issue-triggered")
        .containsEntry("consumerGroup", worker.property("spring.kafka.consumer.group-id"))
        .containsEntry("bootstrapServers", worker.property("spring.kafka.bootstrap-servers"))
        .containsEntry("allowIdleConsumers", "false")
        .containsEntry(
            "offsetResetPolicy", worker.property("spring.kafka.consumer.auto-offset-reset"));
    assertThat(map(manifests.named("Deployment", KakaService.WORKER.deployment()).get("spec")))
        .as("KEDA owns the worker's replica count")
        .doesNotContainKey("replicas");
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void theIngressScalesOnCpuAndTheSecretKeysAreTheOnesTheOperationsGuideTellsToCreate(
      String kustomization) throws IOException {
    Manifests manifests = render(kustomization);
    Map<String, Object> hpa =
        map(
            manifests
                .named("HorizontalPodAutoscaler", KakaService.INGRESS.deployment())
                .get("spec"));
    String guide = Files.readString(RepositoryRoot.resolve("docs/operations.md"));

    assertThat(map(hpa.get("scaleTargetRef")))
        .containsEntry("kind", "Deployment")
        .containsEntry("name", KakaService.INGRESS.deployment());
    assertThat(((Number) hpa.get("minReplicas")).intValue()).isGreaterThanOrEqualTo(2);
    assertThat(manifests.secretKeys())
        .isNotEmpty()
        .allSatisfy(
            key ->
                assertThat(guide.contains("--from-literal=" + key + "="))
                    .as("the operations guide's kubectl create secret names " + key)
                    .isTrue());
  }

  private static String probe(Map<String, Object> container, String name) {
    Map<String, Object> get = map(map(container.get(name)).get("httpGet"));
    return get.get("path") + " on " + get.get("port");
  }

  private static synchronized Manifests render(String kustomization) {
    assumeThat(Commands.available("kubectl")).as("kubectl is not installed").isTrue();
    List<Map<String, Object>> documents =
        RENDERED.computeIfAbsent(
            kustomization,
            dir -> {
              Commands.Result result =
                  Commands.run(
                      RepositoryRoot.path(), Map.of(), List.of("kubectl", "kustomize", dir));
              assertThat(result.exitCode()).as(result.stderr()).isZero();
              List<Map<String, Object>> all = new ArrayList<>();
              new Yaml().loadAll(result.stdout()).forEach(document -> all.add(map(document)));
              return all;
            });
    return new Manifests(documents);
  }
}
