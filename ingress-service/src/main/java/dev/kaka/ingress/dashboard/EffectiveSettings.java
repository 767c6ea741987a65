package dev.kaka.ingress.dashboard;

import dev.kaka.support.secrets.SecretMasker;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Settings as an operator may see them: every secret replaced by whether it is set, and what looks
 * like a secret inside other values (a URL's user info, a token) masked.
 */
final class EffectiveSettings {

  static final String MASK = "****";
  static final String NOT_SET = "(not set)";
  private static final Pattern SECRET_NAME =
      Pattern.compile(
          "(?i).*(secrets?|tokens?|passwords?|credentials?|apikey|api-key|private-key)$");

  private final Map<String, JsonNode> sections = new TreeMap<>();

  void add(String prefix, JsonNode values) {
    sections.put(prefix, masked(prefix, values));
  }

  Map<String, JsonNode> sections() {
    return sections;
  }

  static JsonNode masked(String name, JsonNode value) {
    if (SECRET_NAME.matcher(name).matches()) {
      boolean set =
          !(value == null
              || value.isNull()
              || value.isMissingNode()
              || (value.isString() && value.asString().isBlank())
              || (value.isContainer() && value.isEmpty()));
      return JsonNodeFactory.instance.stringNode(set ? MASK : NOT_SET);
    }
    if (value.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      value
          .properties()
          .forEach(entry -> copy.set(entry.getKey(), masked(entry.getKey(), entry.getValue())));
      return copy;
    }
    if (value.isArray()) {
      var copy = JsonNodeFactory.instance.arrayNode();
      value.forEach(element -> copy.add(masked("", element)));
      return copy;
    }
    if (value.isString()) {
      return JsonNodeFactory.instance.stringNode(SecretMasker.shapesOnly().mask(value.asString()));
    }
    return value;
  }
}
