package dev.kaka.testkit.anthropic;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A scripted stand-in for the Anthropic Messages API, on 127.0.0.1, for running the real Claude
 * Code CLI without network or credentials: point {@code ANTHROPIC_BASE_URL} at {@link #baseUrl()}
 * and set any {@code ANTHROPIC_API_KEY}. It serves what the CLI calls in {@code -p} mode: {@code
 * HEAD /api/hello} at start-up and {@code POST /v1/messages?beta=true} with {@code stream: true},
 * answered with server-sent events as the API streams them (message_start, one content block at a
 * time, message_delta with the stop reason and usage, message_stop). Every answer bills 1200 input
 * and 300 output tokens.
 */
public final class FakeAnthropicApi implements AutoCloseable {

  static final long INPUT_TOKENS = 1200;
  static final long OUTPUT_TOKENS = 300;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpServer server;
  private final ExecutorService executor;
  private final Script script;
  private final List<MessagesRequest> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger messageIds = new AtomicInteger();
  private final CountDownLatch closed = new CountDownLatch(1);

  private FakeAnthropicApi(Script script) throws IOException {
    this.script = script;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    // A hanging answer holds its thread, so each exchange needs one of its own.
    this.executor =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread = new Thread(runnable, "fake-anthropic-api");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  public static FakeAnthropicApi start(Script script) {
    try {
      FakeAnthropicApi api = new FakeAnthropicApi(script);
      api.server.start();
      return api;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the fake Anthropic API", e);
    }
  }

  /** The value for {@code ANTHROPIC_BASE_URL}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The messages requests received so far, in order. */
  public List<MessagesRequest> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      if ("HEAD".equals(method) || ("GET".equals(method) && "/api/hello".equals(path))) {
        exchange.sendResponseHeaders(200, -1);
      } else if ("POST".equals(method) && "/v1/messages".equals(path)) {
        JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
        MessagesRequest request = MessagesRequest.of(body);
        requests.add(request);
        reply(exchange, request, script.answer(request));
      } else {
        error(
            exchange,
            new Reply.Failure(404, "not_found_error", "No fake for " + method + " " + path));
      }
    }
  }

  private void reply(HttpExchange exchange, MessagesRequest request, Reply reply)
      throws IOException {
    if (reply instanceof Reply.Failure failure) {
      error(exchange, failure);
    } else if (reply instanceof Reply.Hang) {
      try {
        closed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else {
      stream(exchange, request, (Reply.Message) reply);
    }
  }

  private void error(HttpExchange exchange, Reply.Failure failure) throws IOException {
    byte[] body =
        JSON.writeValueAsBytes(
            Map.of(
                "type",
                "error",
                "error",
                Map.of("type", failure.type(), "message", failure.message())));
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(failure.status(), body.length);
    exchange.getResponseBody().write(body);
  }

  private void stream(HttpExchange exchange, MessagesRequest request, Reply.Message reply)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    exchange.getResponseHeaders().set("request-id", "req_fake_" + messageIds.incrementAndGet());
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    String id = "msg_fake_" + messageIds.incrementAndGet();
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("id", id);
    message.put("type", "message");
    message.put("role", "assistant");
    message.put("model", request.model());
    message.put("content", List.of());
    message.put("stop_reason", null);
    message.put("stop_sequence", null);
    message.put(
        "usage",
        Map.of(
            "input_tokens",
            INPUT_TOKENS,
            "output_tokens",
            1,
            "cache_creation_input_tokens",
            0,
            "cache_read_input_tokens",
            0));
    event(out, "message_start", Map.of("type", "message_start", "message", message));
    List<Block> blocks = reply.blocks();
    for (int index = 0; index < blocks.size(); index++) {
      block(out, index, blocks.get(index), id);
    }
    Map<String, Object> delta = new LinkedHashMap<>();
    delta.put("stop_reason", reply.usesTools() ? "tool_use" : "end_turn");
    delta.put("stop_sequence", null);
    event(
        out,
        "message_delta",
        Map.of(
            "type",
            "message_delta",
            "delta",
            delta,
            "usage",
            Map.of("output_tokens", OUTPUT_TOKENS)));
    event(out, "message_stop", Map.of("type", "message_stop"));
  }

  private void block(OutputStream out, int index, Block block, String messageId)
      throws IOException {
    if (block instanceof Block.Text text) {
      event(
          out,
          "content_block_start",
          Map.of(
              "type",
              "content_block_start",
              "index",
              index,
              "content_block",
              Map.of("type", "text", "text", "")));
      event(
          out,
          "content_block_delta",
          Map.of(
              "type",
              "content_block_delta",
              "index",
              index,
              "delta",
              Map.of("type", "text_delta", "text", text.text())));
    } else {
      Block.ToolUse use = (Block.ToolUse) block;
      String toolUseId = "toolu_" + messageId.substring("msg_".length()) + "_" + index;
      event(
          out,
          "content_block_start",
          Map.of(
              "type",
              "content_block_start",
              "index",
              index,
              "content_block",
              Map.of("type", "tool_use", "id", toolUseId, "name", use.name(), "input", Map.of())));
      event(
          out,
          "content_block_delta",
          Map.of(
              "type",
              "content_block_delta",
              "index",
              index,
              "delta",
              Map.of(
                  "type",
                  "input_json_delta",
                  "partial_json",
                  JSON.writeValueAsString(use.input()))));
    }
    event(out, "content_block_stop", Map.of("type", "content_block_stop", "index", index));
  }

  private static void event(OutputStream out, String name, Map<String, Object> data)
      throws IOException {
    String event = "event: " + name + "\ndata: " + JSON.writeValueAsString(data) + "\n\n";
    out.write(event.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
