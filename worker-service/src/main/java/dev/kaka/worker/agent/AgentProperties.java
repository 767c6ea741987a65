package dev.kaka.worker.agent;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the worker runs the coding agent.
 *
 * @param command the agent's command line, run in the workspace without a shell; {@code {prompt}}
 *     in any argument is replaced by the prompt
 * @param timeout how long one run may take before the agent and everything it started are stopped
 * @param environment the names of the worker's environment variables the agent may see; a name
 *     ending in {@code *} allows every variable starting with the rest. No other variable reaches
 *     the agent, so keep credentials other than the model's out of this list
 * @param transcript how much of the agent's output is kept
 */
@Validated
@ConfigurationProperties(prefix = "kaka.agent")
public record AgentProperties(
    @DefaultValue({
          "claude", "-p", "{prompt}", "--output-format", "stream-json", "--verbose",
          "--permission-mode", "acceptEdits"
        })
        @NotEmpty
        List<@NotBlank String> command,
    @DefaultValue("30m") @NotNull @DurationMin(seconds = 1) Duration timeout,
    @DefaultValue({
          "PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR",
          "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "NODE_EXTRA_CA_CERTS",
          "ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_BASE_URL", "ANTHROPIC_MODEL",
          "CLAUDE_CODE_*", "CLAUDE_CONFIG_DIR", "API_TIMEOUT_MS",
          "CLAUDE_BYTE_STREAM_IDLE_TIMEOUT_MS",
          "DISABLE_TELEMETRY", "DISABLE_AUTOUPDATER", "IS_SANDBOX"
        })
        @NotNull
        List<@Pattern(regexp = "[A-Za-z_][A-Za-z0-9_]*\\*?") String> environment,
    @DefaultValue @NotNull @Valid Transcript transcript) {

  /**
   * How much of the agent's stdout a result keeps: the tail, so the end of a long run survives.
   *
   * @param maxLines the number of lines kept
   * @param maxLineLength the characters kept of each line; the rest is cut off
   */
  public record Transcript(
      @DefaultValue("500") @Positive int maxLines,
      @DefaultValue("4000") @Positive int maxLineLength) {}
}
