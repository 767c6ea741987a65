package dev.kaka.common.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What the agent said it did and what it cost. Every figure is null when the agent did not report
 * it (an agent killed by the timeout reports nothing).
 *
 * @param summary the agent's final message, empty when none
 * @param usage the tokens the run used, null when not reported
 * @param permissionDenials the tool uses the agent asked for and was refused, in order
 * @param transcript the tail of what the agent printed, scrubbed of secrets; empty when the agent
 *     did not run
 * @param blockedHosts the hosts ({@code host:port}) the agent's sandbox refused to connect it to,
 *     sorted; an operator allows one with {@code kaka.agent.network.allowed-hosts}
 * @param memory what the run remembered of the earlier runs on its pull request, one sentence: that
 *     it resumed their session, or why it started fresh; null on a first run and in reports written
 *     before it existed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AgentReport(
    String summary,
    Integer turns,
    Double costUsd,
    Long durationMs,
    String sessionId,
    TokenUsage usage,
    List<PermissionDenial> permissionDenials,
    Transcript transcript,
    List<String> blockedHosts,
    @JsonInclude(JsonInclude.Include.NON_NULL) String memory) {

  public AgentReport {
    summary = summary == null ? "" : summary;
    permissionDenials = permissionDenials == null ? List.of() : List.copyOf(permissionDenials);
    transcript = transcript == null ? Transcript.EMPTY : transcript;
    blockedHosts = blockedHosts == null ? List.of() : List.copyOf(blockedHosts);
  }

  /** A report that says nothing about earlier runs. */
  public AgentReport(
      String summary,
      Integer turns,
      Double costUsd,
      Long durationMs,
      String sessionId,
      TokenUsage usage,
      List<PermissionDenial> permissionDenials,
      Transcript transcript,
      List<String> blockedHosts) {
    this(
        summary,
        turns,
        costUsd,
        durationMs,
        sessionId,
        usage,
        permissionDenials,
        transcript,
        blockedHosts,
        null);
  }

  /** A report of a run that reached no blocked host. */
  public AgentReport(
      String summary,
      Integer turns,
      Double costUsd,
      Long durationMs,
      String sessionId,
      TokenUsage usage,
      List<PermissionDenial> permissionDenials,
      Transcript transcript) {
    this(
        summary,
        turns,
        costUsd,
        durationMs,
        sessionId,
        usage,
        permissionDenials,
        transcript,
        List.of());
  }

  /** A report without token usage, denials or transcript. */
  public AgentReport(
      String summary, Integer turns, Double costUsd, Long durationMs, String sessionId) {
    this(summary, turns, costUsd, durationMs, sessionId, null, List.of(), Transcript.EMPTY);
  }

  public static AgentReport empty() {
    return new AgentReport("", null, null, null, null);
  }

  /** The same report with another transcript. */
  public AgentReport withTranscript(Transcript transcript) {
    return new AgentReport(
        summary,
        turns,
        costUsd,
        durationMs,
        sessionId,
        usage,
        permissionDenials,
        transcript,
        blockedHosts,
        memory);
  }

  /** The same report naming the hosts the sandbox refused. */
  public AgentReport withBlockedHosts(List<String> hosts) {
    return new AgentReport(
        summary,
        turns,
        costUsd,
        durationMs,
        sessionId,
        usage,
        permissionDenials,
        transcript,
        hosts,
        memory);
  }

  /** The same report saying what the run remembered of earlier runs ({@code note}, or null). */
  public AgentReport withMemory(String note) {
    return new AgentReport(
        summary,
        turns,
        costUsd,
        durationMs,
        sessionId,
        usage,
        permissionDenials,
        transcript,
        blockedHosts,
        note);
  }

  /**
   * Tokens as the Anthropic API counts them; any count may be null.
   *
   * @param cacheCreationInputTokens input tokens written to the prompt cache
   * @param cacheReadInputTokens input tokens read from the prompt cache
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record TokenUsage(
      Long inputTokens,
      Long outputTokens,
      Long cacheCreationInputTokens,
      Long cacheReadInputTokens) {}

  /**
   * A tool use the agent was not allowed.
   *
   * @param tool the tool's name, such as {@code Bash} or {@code Write}
   * @param target what it was aimed at (a file path, a command), shortened; empty when unknown
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PermissionDenial(String tool, String target) {

    public PermissionDenial {
      tool = tool == null ? "" : tool;
      target = target == null ? "" : target;
    }
  }

  /**
   * The last lines the agent printed on stdout (stream-json: one JSON object each), capped in count
   * and size so that the event stays well below Kafka's message size limit.
   *
   * @param linesDropped how many earlier lines were left out to respect the caps
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Transcript(List<String> lines, int linesDropped) {

    public static final Transcript EMPTY = new Transcript(List.of(), 0);

    public Transcript {
      lines = lines == null ? List.of() : List.copyOf(lines);
    }
  }
}
