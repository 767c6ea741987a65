package dev.kaka.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Grafana dashboard as an operator first sees it: on a healthy system with no task yet. */
class GrafanaDashboardTest {

  @Test
  void everyPanelOverACounterShowsZeroBeforeTheCounterFirstCounts() throws IOException {
    JsonNode dashboard =
        JsonMapper.builder()
            .build()
            .readTree(
                Files.readString(RepositoryRoot.resolve("deploy/grafana/dashboards/kaka.json")));
    List<String> expressions = new ArrayList<>();
    collect(dashboard, expressions);

    // a labelled counter exists only once it has counted: without a fallback the panel says
    // "No data" where 0 is the truth
    assertThat(expressions)
        .filteredOn(expression -> expression.contains("_total"))
        .isNotEmpty()
        .allSatisfy(expression -> assertThat(expression).endsWith(" or vector(0)"));
  }

  private static void collect(JsonNode node, List<String> expressions) {
    if (node.isObject()) {
      node.properties()
          .forEach(
              field -> {
                if (field.getKey().equals("expr")) {
                  expressions.add(field.getValue().asString());
                } else {
                  collect(field.getValue(), expressions);
                }
              });
    } else if (node.isArray()) {
      node.forEach(child -> collect(child, expressions));
    }
  }
}
