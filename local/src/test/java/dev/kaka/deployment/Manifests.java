package dev.kaka.deployment;

import static dev.kaka.deployment.ComposeFileTest.map;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Rendered Kubernetes manifests, and what a service's container gets from them. */
final class Manifests {

  /** Where the services read their config tree by default ({@code KAKA_SECRETS_DIR}). */
  static final String SECRETS_DIR = "/run/secrets/kaka";

  private final List<Map<String, Object>> documents;

  Manifests(List<Map<String, Object>> documents) {
    this.documents = documents;
  }

  List<Map<String, Object>> all(String kind) {
    return documents.stream().filter(document -> kind.equals(document.get("kind"))).toList();
  }

  Map<String, Object> named(String kind, String name) {
    return all(kind).stream()
        .filter(document -> name.equals(map(document.get("metadata")).get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
  }

  Map<String, Object> only(String kind) {
    List<Map<String, Object>> found = all(kind);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + kind + ", found " + found.size());
    }
    return found.get(0);
  }

  Map<String, Object> podSpec(KakaService service) {
    Map<String, Object> deployment = named("Deployment", service.deployment());
    return map(map(map(deployment.get("spec")).get("template")).get("spec"));
  }

  Map<String, Object> container(KakaService service) {
    return map(((List<?>) podSpec(service).get("containers")).get(0));
  }

  String containerPort(KakaService service, String name) {
    for (Object port : (List<?>) container(service).get("ports")) {
      if (name.equals(map(port).get("name"))) {
        return String.valueOf(map(port).get("containerPort"));
      }
    }
    throw new AssertionError(service + " has no port named " + name);
  }

  Map<String, Object> serviceLabels(KakaService service) {
    return map(map(named("Service", service.deployment()).get("metadata")).get("labels"));
  }

  /** The one ServiceMonitor whose selector picks the service's Service. */
  Map<String, Object> serviceMonitorOf(KakaService service) {
    Map<String, Object> labels = serviceLabels(service);
    List<Map<String, Object>> monitors =
        all("ServiceMonitor").stream()
            .filter(monitor -> selects(map(map(monitor.get("spec")).get("selector")), labels))
            .toList();
    if (monitors.size() != 1) {
      throw new AssertionError(monitors.size() + " ServiceMonitors select " + service);
    }
    return monitors.get(0);
  }

  /** The container port (by name) behind the service's Service port {@code name}. */
  String servicePortTarget(KakaService service, String name) {
    Map<String, Object> spec = map(named("Service", service.deployment()).get("spec"));
    for (Object port : (List<?>) spec.get("ports")) {
      if (name.equals(map(port).get("name"))) {
        return String.valueOf(map(port).get("targetPort"));
      }
    }
    throw new AssertionError("the Service of " + service + " has no port named " + name);
  }

  /** A label selector's verdict: matchLabels, and matchExpressions with In and NotIn. */
  private static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
    Map<String, Object> required = map(selector.getOrDefault("matchLabels", Map.of()));
    if (!labels.entrySet().containsAll(required.entrySet())) {
      return false;
    }
    for (Object expression : (List<?>) selector.getOrDefault("matchExpressions", List.of())) {
      Map<String, Object> rule = map(expression);
      boolean listed = ((List<?>) rule.get("values")).contains(labels.get(rule.get("key")));
      boolean in =
          switch ((String) rule.get("operator")) {
            case "In" -> true;
            case "NotIn" -> false;
            default -> throw new AssertionError("operator not supported here: " + rule);
          };
      if (listed != in) {
        return false;
      }
    }
    return true;
  }

  /** The Strimzi cluster the topics belong to. */
  String kafkaCluster() {
    return (String)
        map(map(all("KafkaTopic").get(0).get("metadata")).get("labels")).get("strimzi.io/cluster");
  }

  /**
   * What the service's container starts with: the image's ENV, the ConfigMaps it takes its
   * environment from, its own env entries, and the Secret files mounted as its config tree. Secret
   * values are stand-ins that name their key.
   */
  ServiceConfiguration configuration(KakaService service) {
    Map<String, Object> container = container(service);
    Map<String, String> variables =
        new HashMap<>(Dockerfile.read().environment(service.composeService()));
    for (Object source : (List<?>) container.getOrDefault("envFrom", List.of())) {
      String configMap = (String) map(map(source).get("configMapRef")).get("name");
      map(named("ConfigMap", configMap).get("data"))
          .forEach((name, value) -> variables.put(name, String.valueOf(value)));
    }
    for (Object entry : (List<?>) container.getOrDefault("env", List.of())) {
      Map<String, Object> variable = map(entry);
      Object secret =
          variable.containsKey("valueFrom")
              ? map(map(variable.get("valueFrom")).get("secretKeyRef")).get("key")
              : null;
      variables.put(
          (String) variable.get("name"),
          secret != null ? "stand-in for " + secret : String.valueOf(variable.get("value")));
    }
    Map<String, String> configTree = new HashMap<>();
    for (String key : mountedSecretKeys(service)) {
      configTree.put(key, "stand-in for " + key);
    }
    return ServiceConfiguration.of(service, variables, configTree);
  }

  /** Every key of a Secret that a container reads, as a file or as a variable. */
  Set<String> secretKeys() {
    Set<String> keys = new TreeSet<>();
    for (KakaService service : KakaService.all()) {
      keys.addAll(mountedSecretKeys(service));
      for (Object entry : (List<?>) container(service).getOrDefault("env", List.of())) {
        Object from = map(entry).get("valueFrom");
        if (from != null) {
          keys.add((String) map(map(from).get("secretKeyRef")).get("key"));
        }
      }
    }
    return keys;
  }

  private Set<String> mountedSecretKeys(KakaService service) {
    Set<String> keys = new TreeSet<>();
    for (Object mount : (List<?>) container(service).getOrDefault("volumeMounts", List.of())) {
      if (!SECRETS_DIR.equals(map(mount).get("mountPath"))) {
        continue;
      }
      for (Object volume : (List<?>) podSpec(service).get("volumes")) {
        if (map(volume).get("name").equals(map(mount).get("name"))) {
          for (Object item : (List<?>) map(map(volume).get("secret")).get("items")) {
            keys.add((String) map(item).get("path"));
          }
        }
      }
    }
    return keys;
  }
}
