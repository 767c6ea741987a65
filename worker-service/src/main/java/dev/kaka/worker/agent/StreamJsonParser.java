package dev.kaka.worker.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the Claude Code CLI's {@code --output-format stream-json} lines, one JSON object each. Only
 * the result line matters to the outcome; every other line, JSON or not (a wrapper script may print
 * anything), is passed over without complaint.
 */
final class StreamJsonParser {

  private final JsonMapper json = JsonMapper.builder().build();

  Optional<ResultLine> result(String line) {
    if (!line.stripLeading().startsWith("{")) {
      return Optional.empty();
    }
    JsonNode node;
    try {
      node = json.readTree(line);
    } catch (JacksonException e) {
      return Optional.empty();
    }
    if (!node.isObject() || !"result".equals(text(node.path("type")))) {
      return Optional.empty();
    }
    return Optional.of(
        new ResultLine(
            text(node.path("subtype")),
            flag(node.path("is_error")),
            text(node.path("result")),
            texts(node.path("errors")),
            integer(node.path("num_turns")),
            decimal(node.path("total_cost_usd")),
            longInteger(node.path("duration_ms")),
            text(node.path("session_id")),
            text(node.path("terminal_reason"))));
  }

  private static String text(JsonNode node) {
    return node.isString() ? node.stringValue() : null;
  }

  private static Boolean flag(JsonNode node) {
    return node.isBoolean() ? node.booleanValue() : null;
  }

  private static Integer integer(JsonNode node) {
    return node.isIntegralNumber() && node.canConvertToInt() ? node.intValue() : null;
  }

  private static Long longInteger(JsonNode node) {
    return node.isIntegralNumber() && node.canConvertToLong() ? node.longValue() : null;
  }

  private static Double decimal(JsonNode node) {
    return node.isNumber() ? node.doubleValue() : null;
  }

  private static List<String> texts(JsonNode node) {
    List<String> texts = new ArrayList<>();
    node.values()
        .forEach(value -> texts.add(value.isString() ? value.stringValue() : value.toString()));
    return texts;
  }
}
