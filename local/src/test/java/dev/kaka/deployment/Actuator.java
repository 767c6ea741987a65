package dev.kaka.deployment;

import java.util.Arrays;
import java.util.List;

/**
 * Where a service answers its probes and its scrapes, from its own configuration: on its server
 * port, or on its management port ({@code management.server.port}) when it has one.
 */
record Actuator(
    String basePath,
    List<String> exposed,
    boolean probes,
    String readinessGroup,
    String livenessGroup,
    String managementPort) {

  static Actuator of(ServiceConfiguration config) {
    String base = config.property("management.endpoints.web.base-path");
    String exposed = config.property("management.endpoints.web.exposure.include");
    return new Actuator(
        base == null ? "/actuator" : base,
        exposed == null ? List.of() : Arrays.stream(exposed.split(",")).map(String::strip).toList(),
        !"false".equals(config.property("management.endpoint.health.probes.enabled")),
        config.property("management.endpoint.health.group.readiness.include"),
        config.property("management.endpoint.health.group.liveness.include"),
        config.property("management.server.port"));
  }

  /** The port the actuator listens on, given the service's server port. */
  String port(String serverPort) {
    return managementPort != null ? managementPort : serverPort;
  }

  /** The name of the container port the actuator listens on, in the Kubernetes manifests. */
  String portName() {
    return managementPort != null ? "management" : "http";
  }

  String readinessPath() {
    require(probes && readinessGroup != null && exposed.contains("health"), "a readiness group");
    return basePath + "/health/readiness";
  }

  String livenessPath() {
    require(probes && livenessGroup != null && exposed.contains("health"), "a liveness group");
    return basePath + "/health/liveness";
  }

  String prometheusPath() {
    require(exposed.contains("prometheus"), "the prometheus endpoint exposed");
    return basePath + "/prometheus";
  }

  private void require(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError("the service has no " + what + ": " + this);
    }
  }
}
