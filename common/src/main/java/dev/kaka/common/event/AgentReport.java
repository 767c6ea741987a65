package dev.kaka.common.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What the agent said it did and what it cost. Every figure is null when the agent did not report
 * it (an agent killed by the timeout reports nothing).
 *
 * @param summary the agent's final message, empty when none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AgentReport(
    String summary, Integer turns, Double costUsd, Long durationMs, String sessionId) {

  public AgentReport {
    summary = summary == null ? "" : summary;
  }

  public static AgentReport empty() {
    return new AgentReport("", null, null, null, null);
  }
}
