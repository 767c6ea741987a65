package dev.kaka.deployment;

import static dev.kaka.deployment.ComposeFileTest.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rendered manifests against the Kubernetes API schemas, and KEDA's and the Prometheus
 * Operator's, with the npm package kubernetes-models (src/test/k8s-schema; installed from the npm
 * registry at test time). No schema of Strimzi's KafkaTopic is packaged on a registry this build
 * can reach: those objects are checked by KubernetesManifestTest only. The schemas reject wrong
 * types and missing required fields, not unknown ones.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubernetesSchemaTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private Path validator;

  @BeforeAll
  void installValidator() throws IOException {
    assumeThat(
            Commands.available("kubectl")
                && Commands.available("npm")
                && Commands.available("node"))
        .as("kubectl, node and npm are needed")
        .isTrue();
    Path source = RepositoryRoot.resolve("local/src/test/k8s-schema");
    validator = RepositoryRoot.resolve("local/target/k8s-schema");
    Files.createDirectories(validator);
    for (String file : List.of("package.json", "package-lock.json", "validate.mjs")) {
      Files.copy(
          source.resolve(file), validator.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
    if (!Files.isDirectory(validator.resolve("node_modules"))) {
      Commands.Result install =
          Commands.run(
              validator, Map.of(), List.of("npm", "ci", "--no-audit", "--no-fund", "--silent"));
      assumeThat(install.exitCode()).as("npm ci: " + install.stderr()).isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"k8s", "k8s/overlays/example"})
  void everyRenderedObjectWithAKnownSchemaIsValid(String kustomization) throws IOException {
    List<Map<String, Object>> objects = render(kustomization);

    Commands.Result result = validate(objects);

    assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
    assertThat(result.stdout().lines())
        .hasSize(objects.size())
        .allMatch(line -> line.startsWith("valid ") || line.startsWith("unchecked KafkaTopic/"))
        .anyMatch(line -> line.startsWith("valid Deployment/"))
        .anyMatch(line -> line.startsWith("valid ScaledObject/"))
        .anyMatch(line -> line.startsWith("valid ServiceMonitor/"));
  }

  @Test
  void theValidatorRejectsAnObjectThatBreaksItsSchema() throws IOException {
    Map<String, Object> deployment =
        render("k8s").stream()
            .filter(object -> "Deployment".equals(object.get("kind")))
            .findFirst()
            .orElseThrow();
    Map<String, Object> spec = map(map(map(deployment.get("spec")).get("template")).get("spec"));
    Map<String, Object> container = map(((List<?>) spec.get("containers")).get(0));
    map(((List<?>) container.get("ports")).get(0)).put("containerPort", "eighty");

    Commands.Result result = validate(List.of(deployment));

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stdout()).startsWith("invalid Deployment/").contains("containerPort");
  }

  private Commands.Result validate(List<Map<String, Object>> objects) throws IOException {
    Path input = Files.createTempFile("kaka-manifests", ".json");
    Files.writeString(input, JSON.writeValueAsString(objects));
    return Commands.run(validator, Map.of(), List.of("node", "validate.mjs", input.toString()));
  }

  private static List<Map<String, Object>> render(String kustomization) {
    Commands.Result result =
        Commands.run(
            RepositoryRoot.path(), Map.of(), List.of("kubectl", "kustomize", kustomization));
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    List<Map<String, Object>> objects = new ArrayList<>();
    new Yaml().loadAll(result.stdout()).forEach(object -> objects.add(map(object)));
    return objects;
  }
}
