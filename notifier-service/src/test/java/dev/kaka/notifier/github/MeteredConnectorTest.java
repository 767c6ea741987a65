package dev.kaka.notifier.github;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MeteredConnectorTest {

  @ParameterizedTest(name = "{0} with {1} left, Retry-After {2} -> {3}")
  @CsvSource(
      nullValues = "null",
      value = {
        "200, 4999, false, success",
        "201, null, false, success",
        "304, 4999, false, not_modified",
        "404, 4999, false, not_found",
        "403, 0,    false, rate_limited",
        "429, 12,   false, rate_limited",
        "403, 4999, true,  rate_limited",
        "403, 4999, false, client_error",
        "422, 4999, false, client_error",
        "502, null, false, server_error",
      })
  void eachAnswerIsCountedAsAnOutcome(
      int status, String remaining, boolean retryAfter, String outcome) {
    assertThat(MeteredConnector.outcome(status, remaining, retryAfter)).isEqualTo(outcome);
  }
}
