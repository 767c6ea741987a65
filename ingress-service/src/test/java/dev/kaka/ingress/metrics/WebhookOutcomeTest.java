package dev.kaka.ingress.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookOutcomeTest {

  @ParameterizedTest(name = "{0} {1} -> {2}/{3}")
  @CsvSource(
      nullValues = "null",
      value = {
        "202, queued,    accepted,    none",
        "202, duplicate, duplicate,   none",
        "202, ignored,   ignored,     none",
        "200, pong,      pong,        none",
        "202, null,      ok,          none",
        "400, error,     rejected,    invalid",
        "401, error,     rejected,    signature",
        "413, error,     rejected,    too_large",
        "429, error,     rejected,    rate_limited",
        "415, error,     rejected,    status_415",
        "503, error,     unavailable, queue_unavailable",
        "500, null,      error,       status_500",
      })
  void theAnswerBecomesAnOutcomeAndAReason(
      int status, String answer, String outcome, String reason) {
    assertThat(WebhookOutcome.of(status, answer)).isEqualTo(new WebhookOutcome(outcome, reason));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      nullValues = "null",
      value = {
        "issues,        issues",
        "issue_comment, issue_comment",
        "ping,          ping",
        "made_up_event, other",
        "'',            none",
        "null,          none",
      })
  void onlyKnownEventsBecomeTagValues(String header, String tag) {
    assertThat(WebhookOutcome.event(header)).isEqualTo(tag);
  }
}
