package dev.kaka.testkit.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The fake's wire format; the worker's tests run the real Claude Code CLI against it. */
class FakeAnthropicApiTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String FIRST_REQUEST =
      """
      {"model":"claude-test","stream":true,"system":[{"type":"text","text":"Be brief."}],
       "tools":[{"name":"Write"},{"name":"Read"}],
       "messages":[{"role":"user","content":[{"type":"text",
         "text":"<env>Primary working directory: /work/repo\\n</env> Implement issue #1"}]}]}
      """;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void streamsAToolUseAsServerSentEvents() throws Exception {
    try (FakeAnthropicApi api =
        FakeAnthropicApi.start(Script.writeFile("a/b.md", "hello\n", "Done."))) {
      HttpResponse<String> response = post(api, FIRST_REQUEST);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).contains("text/event-stream");
      List<JsonNode> events = events(response.body());
      assertThat(events)
          .extracting(event -> event.path("type").asString())
          .containsExactly(
              "message_start",
              "content_block_start",
              "content_block_delta",
              "content_block_stop",
              "content_block_start",
              "content_block_delta",
              "content_block_stop",
              "message_delta",
              "message_stop");
      assertThat(events.get(0).path("message").path("model").asString()).isEqualTo("claude-test");
      assertThat(events.get(4).path("content_block").path("name").asString()).isEqualTo("Write");
      JsonNode input = JSON.readTree(events.get(5).path("delta").path("partial_json").asString());
      assertThat(input.path("file_path").asString()).isEqualTo("/work/repo/a/b.md");
      assertThat(events.get(7).path("delta").path("stop_reason").asString()).isEqualTo("tool_use");
      MessagesRequest request = api.requests().get(0);
      assertThat(request.turn()).isZero();
      assertThat(request.system()).contains("Be brief.");
      assertThat(request.tools()).containsExactly("Write", "Read");
      assertThat(request.workingDirectory()).contains(Path.of("/work/repo"));
    }
  }

  @Test
  void countsTheTurnsAndReadsTheToolResults() throws Exception {
    try (FakeAnthropicApi api =
        FakeAnthropicApi.start(Script.writeFile("a.md", "hello\n", "Done."))) {
      HttpResponse<String> response =
          post(
              api,
              """
          {"model":"m","messages":[{"role":"user","content":"Go"},
           {"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"Write","input":{}}]},
           {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","is_error":true,
             "content":"refused"}]}]}
          """);

      assertThat(events(response.body()).get(2).path("delta").path("text").asString())
          .isEqualTo("Done.");
      assertThat(api.requests().get(0).turn()).isEqualTo(1);
      assertThat(api.requests().get(0).toolResults())
          .containsExactly(new MessagesRequest.ToolResult("t1", true, "refused"));
    }
  }

  @Test
  void failsWithTheApisErrorBody() throws Exception {
    try (FakeAnthropicApi api = FakeAnthropicApi.start(Script.serverError())) {
      HttpResponse<String> response = post(api, FIRST_REQUEST);

      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(JSON.readTree(response.body()).path("error").path("type").asString())
          .isEqualTo("api_error");
    }
  }

  @Test
  void aHangingAnswerEndsWhenTheFakeCloses() throws Exception {
    FakeAnthropicApi api = FakeAnthropicApi.start(Script.hang());
    CompletableFuture<HttpResponse<String>> pending =
        http.sendAsync(request(api, FIRST_REQUEST), HttpResponse.BodyHandlers.ofString());
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (api.requests().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(api.requests()).hasSize(1);
    assertThat(pending).isNotDone();

    api.close();

    assertThat(pending).failsWithin(10, TimeUnit.SECONDS);
  }

  @Test
  void answersTheStartUpCheck() throws Exception {
    try (FakeAnthropicApi api = FakeAnthropicApi.start(Script.hang())) {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(URI.create(api.baseUrl() + "/api/hello"))
                  .method("HEAD", HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.discarding());

      assertThat(response.statusCode()).isEqualTo(200);
    }
  }

  private HttpResponse<String> post(FakeAnthropicApi api, String body) throws Exception {
    return http.send(request(api, body), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest request(FakeAnthropicApi api, String body) {
    return HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v1/messages?beta=true"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static List<JsonNode> events(String body) {
    return body.lines()
        .filter(line -> line.startsWith("data: "))
        .map(line -> JSON.readTree(line.substring("data: ".length())))
        .toList();
  }
}
