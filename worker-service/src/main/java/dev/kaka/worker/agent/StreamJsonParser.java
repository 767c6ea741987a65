package dev.kaka.worker.agent;

import dev.kaka.common.event.AgentReport.PermissionDenial;
import dev.kaka.common.event.AgentReport.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the Claude Code CLI's {@code --output-format stream-json} lines, one JSON object each.
 * Every line, JSON or not (a wrapper script may print anything), is taken without complaint; what
 * is not understood is passed over.
 */
final class StreamJsonParser {

  /** Permission denials name their target in one of these inputs, depending on the tool. */
  private static final List<String> TARGET_FIELDS =
      List.of("file_path", "notebook_path", "command", "path", "url", "pattern", "query");

  private static final int MAX_TARGET_LENGTH = 200;

  private final JsonMapper json = JsonMapper.builder().build();

  /** The line as a JSON object; empty when it is not one. */
  Optional<JsonNode> object(String line) {
    if (!line.stripLeading().startsWith("{")) {
      return Optional.empty();
    }
    try {
      JsonNode node = json.readTree(line);
      return node.isObject() ? Optional.of(node) : Optional.empty();
    } catch (JacksonException e) {
      return Optional.empty();
    }
  }

  Optional<ResultLine> result(String line) {
    return object(line)
        .filter(node -> "result".equals(text(node.path("type"))))
        .map(StreamJsonParser::result);
  }

  static ResultLine result(JsonNode node) {
    return new ResultLine(
        text(node.path("subtype")),
        flag(node.path("is_error")),
        text(node.path("result")),
        texts(node.path("errors")),
        integer(node.path("num_turns")),
        decimal(node.path("total_cost_usd")),
        longInteger(node.path("duration_ms")),
        text(node.path("session_id")),
        text(node.path("terminal_reason")),
        integer(node.path("api_error_status")),
        usage(node.path("usage")),
        denials(node.path("permission_denials")));
  }

  /** The error an {@code assistant} line reports instead of a model's answer, if it is one. */
  static Optional<ApiError> apiError(JsonNode assistant) {
    if (!Boolean.TRUE.equals(flag(assistant.path("is_api_error_message")))) {
      return Optional.empty();
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode block : assistant.path("message").path("content").values()) {
      if (block.path("text").isString()) {
        text.append(block.path("text").stringValue());
      }
    }
    return Optional.of(
        new ApiError(
            text(assistant.path("error")),
            text(assistant.path("api_error")),
            integer(assistant.path("api_error_status")),
            text.toString()));
  }

  static String text(JsonNode node) {
    return node.isString() ? node.stringValue() : null;
  }

  static Boolean flag(JsonNode node) {
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

  private static TokenUsage usage(JsonNode node) {
    if (!node.isObject()) {
      return null;
    }
    return new TokenUsage(
        longInteger(node.path("input_tokens")),
        longInteger(node.path("output_tokens")),
        longInteger(node.path("cache_creation_input_tokens")),
        longInteger(node.path("cache_read_input_tokens")));
  }

  private static List<PermissionDenial> denials(JsonNode node) {
    List<PermissionDenial> denials = new ArrayList<>();
    for (JsonNode denial : node.values()) {
      denials.add(
          new PermissionDenial(text(denial.path("tool_name")), target(denial.path("tool_input"))));
    }
    return denials;
  }

  private static String target(JsonNode input) {
    for (String field : TARGET_FIELDS) {
      String value = text(input.path(field));
      if (value != null) {
        String line = value.strip().replaceAll("\\s+", " ");
        return line.length() <= MAX_TARGET_LENGTH
            ? line
            : line.substring(0, MAX_TARGET_LENGTH) + "…";
      }
    }
    return "";
  }
}
