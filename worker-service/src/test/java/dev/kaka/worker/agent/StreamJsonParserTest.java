package dev.kaka.worker.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamJsonParserTest {

  private final StreamJsonParser parser = new StreamJsonParser();

  @Test
  void readsTheResultOfASuccessfulRun() {
    ResultLine result = Recordings.result("write_file.jsonl").orElseThrow();

    assertThat(result.subtype()).isEqualTo("success");
    assertThat(result.reportsError()).isFalse();
    assertThat(result.result()).isEqualTo("Implemented.");
    assertThat(result.numTurns()).isEqualTo(2);
    assertThat(result.totalCostUsd()).isEqualTo(0.021599999999999998);
    assertThat(result.durationMs()).isEqualTo(167L);
    assertThat(result.sessionId()).isEqualTo("15df50c3-d0f2-4c09-b0ee-1f607dc0b75c");
    assertThat(result.terminalReason()).isEqualTo("completed");
  }

  @Test
  void readsTheErrorsOfARunThatHitTheTurnLimit() {
    ResultLine result = Recordings.result("loop_forever.jsonl").orElseThrow();

    assertThat(result.subtype()).isEqualTo("error_max_turns");
    assertThat(result.reportsError()).isTrue();
    assertThat(result.result()).isNull();
    assertThat(result.errors()).containsExactly("Reached maximum number of turns (3)");
    assertThat(result.numTurns()).isEqualTo(4);
    assertThat(result.terminalReason()).isEqualTo("max_turns");
  }

  @Test
  void anApiErrorIsAnErrorThoughItsSubtypeIsSuccess() {
    ResultLine result = Recordings.result("api_error.jsonl").orElseThrow();

    assertThat(result.subtype()).isEqualTo("success");
    assertThat(result.reportsError()).isTrue();
    assertThat(result.terminalReason()).isEqualTo("api_error");
    assertThat(result.result()).startsWith("API Error: 500");
    assertThat(result.totalCostUsd()).isZero();
  }

  @Test
  void findsNoResultInTheOtherLinesOfARecording() {
    List<String> lines = Recordings.lines("api_error.jsonl");

    assertThat(lines.subList(0, lines.size() - 1))
        .allSatisfy(line -> assertThat(parser.result(line)).isEmpty());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "Not logged in · Please run /login",
        "{\"type\":\"result\"",
        "[{\"type\":\"result\"}]",
        "\"result\"",
        "{\"type\":\"assistant\",\"message\":{}}",
        "{\"type\":[\"result\"]}"
      })
  void passesOverLinesThatAreNotAResult(String line) {
    assertThat(parser.result(line)).isEmpty();
  }

  @Test
  void leavesFieldsOfTheWrongTypeOut() {
    ResultLine result =
        parser
            .result(
                "{\"type\":\"result\",\"is_error\":\"false\",\"num_turns\":2.5,"
                    + "\"total_cost_usd\":\"0.1\",\"duration_ms\":\"7\","
                    + "\"errors\":[\"a\",{\"b\":1}]}")
            .orElseThrow();

    assertThat(result.isError()).isNull();
    assertThat(result.reportsError()).isTrue();
    assertThat(result.numTurns()).isNull();
    assertThat(result.totalCostUsd()).isNull();
    assertThat(result.durationMs()).isNull();
    assertThat(result.errors()).containsExactly("a", "{\"b\":1}");
  }
}
