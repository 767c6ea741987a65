package dev.kaka.notifier.github;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MeteredConnectorTest {

  @ParameterizedTest(name = "{0} with {1} left -> {2}")
  @CsvSource(
      nullValues = "null",
      value = {
        "200, 4999, success",
        "201, null, success",
        "304, 4999, not_modified",
        "404, 4999, not_found",
        "403, 0,    rate_limited",
        "429, 12,   rate_limited",
        "403, 4999, client_error",
        "422, 4999, client_error",
        "502, null, server_error",
      })
  void eachAnswerIsCountedAsAnOutcome(int status, String remaining, String outcome) {
    assertThat(MeteredConnector.outcome(status, remaining)).isEqualTo(outcome);
  }
}
