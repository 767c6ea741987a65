package dev.kaka.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every {@code kaka.*} property a service binds is in {@code docs/configuration.md}: the list comes
 * from the configuration metadata Spring's annotation processor writes into each service's jar, so
 * a property added to a {@code @ConfigurationProperties} record without a line in the guide fails
 * here.
 */
class ConfigurationGuideTest {

  private static final String METADATA = "META-INF/spring-configuration-metadata.json";

  @Test
  void everyKakaPropertyOfEveryServiceIsInTheConfigurationGuide() throws IOException {
    String guide = Files.readString(RepositoryRoot.resolve("docs/configuration.md"));
    Set<String> properties = kakaProperties();

    assertThat(properties)
        .as("the services' kaka.* properties, from their configuration metadata")
        .contains("kaka.trigger.label", "kaka.agent.timeout", "kaka.git.branch-prefix");
    assertThat(properties)
        .allSatisfy(
            property ->
                assertThat(documents(guide, property))
                    .as("docs/configuration.md names `%s`", property)
                    .isTrue());
  }

  /** Named in code, alone or as the prefix of its keys ({@code a.b.c}, {@code a[key]}). */
  private static boolean documents(String guide, String property) {
    return List.of("`", ".", "[").stream().anyMatch(end -> guide.contains("`" + property + end));
  }

  private static Set<String> kakaProperties() throws IOException {
    JsonMapper mapper = JsonMapper.builder().build();
    Set<String> names = new TreeSet<>();
    for (URL metadata :
        Collections.list(ConfigurationGuideTest.class.getClassLoader().getResources(METADATA))) {
      try (InputStream in = metadata.openStream()) {
        for (JsonNode property : mapper.readTree(in).path("properties")) {
          String name = property.path("name").asString();
          if (name.startsWith("kaka.")) {
            names.add(name);
          }
        }
      }
    }
    return names;
  }
}
