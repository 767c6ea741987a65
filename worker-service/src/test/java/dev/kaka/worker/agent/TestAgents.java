package dev.kaka.worker.agent;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Agent configuration as Spring binds it, so tests see the real defaults. */
final class TestAgents {

  private TestAgents() {}

  static AgentProperties defaults() {
    return new Binder(new MapConfigurationPropertySource(Map.of()))
        .bindOrCreate("kaka.agent", AgentProperties.class);
  }

  static AgentProperties properties(List<String> command) {
    return properties(command, Map.of());
  }

  static AgentProperties properties(List<String> command, Map<String, String> more) {
    Map<String, String> source = new HashMap<>(more);
    for (int i = 0; i < command.size(); i++) {
      source.put("kaka.agent.command[" + i + "]", command.get(i));
    }
    return new Binder(new MapConfigurationPropertySource(source))
        .bindOrCreate("kaka.agent", AgentProperties.class);
  }
}
