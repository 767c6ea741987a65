package dev.kaka.testkit.anthropic;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A {@code POST /v1/messages} the fake received, reduced to what a script decides on and a test
 * asserts.
 *
 * @param turn how many answers of the model the conversation already holds: 0 for the first call
 * @param model the model the client asked for
 * @param system the system prompt's text blocks, joined with newlines
 * @param tools the names of the tools the client offered the model
 * @param toolResults the tool results in the last user message, in order
 * @param body the whole request
 */
public record MessagesRequest(
    int turn,
    String model,
    String system,
    List<String> tools,
    List<ToolResult> toolResults,
    JsonNode body) {

  /** How the Claude Code CLI names its working directory in the context it sends. */
  private static final Pattern WORKING_DIRECTORY =
      Pattern.compile("Primary working directory: ([^\\s\"\\\\]+)");

  public MessagesRequest {
    tools = List.copyOf(tools);
    toolResults = List.copyOf(toolResults);
  }

  /** The directory the client works in, as the Claude Code CLI tells the model; else empty. */
  public Optional<Path> workingDirectory() {
    Matcher matcher = WORKING_DIRECTORY.matcher(body.toString());
    return matcher.find() ? Optional.of(Path.of(matcher.group(1))) : Optional.empty();
  }

  /** The bytes of the conversation the client sent: its {@code messages}, as compact JSON. */
  public long messagesBytes() {
    return utf8Length(body.path("messages").toString());
  }

  /**
   * The input tokens of this request as the fake counts them: a token per four bytes of its system
   * prompt, tools and messages (the API's own count needs its tokenizer; the ratio is the usual
   * rule for English and code).
   */
  public long inputTokens() {
    return (utf8Length(body.path("system").toString())
            + utf8Length(body.path("tools").toString())
            + messagesBytes()
            + 3)
        / 4;
  }

  private static long utf8Length(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  /** A tool's result as the client reported it to the model. */
  public record ToolResult(String toolUseId, boolean isError, String content) {}

  static MessagesRequest of(JsonNode body) {
    int turn = 0;
    List<ToolResult> results = List.of();
    for (JsonNode message : body.path("messages")) {
      if ("assistant".equals(message.path("role").asString())) {
        turn++;
      }
      if ("user".equals(message.path("role").asString())) {
        results = toolResults(message.path("content"));
      }
    }
    StringBuilder system = new StringBuilder();
    JsonNode prompt = body.path("system");
    if (prompt.isString()) {
      system.append(prompt.asString());
    }
    for (JsonNode block : prompt.isArray() ? prompt : List.<JsonNode>of()) {
      system.append(block.path("text").asString()).append('\n');
    }
    List<String> tools =
        body.path("tools").valueStream().map(tool -> tool.path("name").asString()).toList();
    return new MessagesRequest(
        turn, body.path("model").asString(), system.toString(), tools, results, body);
  }

  private static List<ToolResult> toolResults(JsonNode content) {
    if (!content.isArray()) {
      return List.of();
    }
    return content
        .valueStream()
        .filter(block -> "tool_result".equals(block.path("type").asString()))
        .map(
            block ->
                new ToolResult(
                    block.path("tool_use_id").asString(),
                    block.path("is_error").asBoolean(false),
                    block.path("content").isString()
                        ? block.path("content").asString()
                        : block.path("content").toString()))
        .toList();
  }
}
