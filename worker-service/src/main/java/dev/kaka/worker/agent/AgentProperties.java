package dev.kaka.worker.agent;

import dev.kaka.worker.agent.sandbox.FilesystemSettings;
import dev.kaka.worker.agent.sandbox.NetworkSettings;
import dev.kaka.worker.agent.sandbox.SandboxMode;
import dev.kaka.worker.agent.sandbox.SandboxPrograms;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How the worker runs the coding agent, and the limits every task's run gets.
 *
 * @param command the agent's command line, run in the workspace without a shell; {@code {prompt}}
 *     in any argument is replaced by the prompt. The limits below are appended to it as the Claude
 *     Code CLI's flags
 * @param timeout how long one run may take before the agent and everything it started are stopped
 * @param maxTurns {@code --max-turns}: how many answers of the model one run may take
 * @param maxBudgetUsd {@code --max-budget-usd}: how many US dollars one run may spend; 0 for no
 *     limit
 * @param model {@code --model}: the model, by alias ({@code opus}, {@code sonnet}) or full name;
 *     empty for the CLI's default
 * @param allowedTools {@code --allowedTools}: tool uses allowed beyond what the permission mode
 *     allows, such as {@code Bash(npm test:*)}; everything else that needs a permission is refused,
 *     since nobody is there to grant it
 * @param permissionMode {@code --permission-mode} inside the sandbox; {@code bypassPermissions}
 *     (the default) lets the agent edit files and run commands, the build and tests included,
 *     without asking, which the sandbox makes safe (the worker sets {@code IS_SANDBOX=1}, without
 *     which the CLI refuses it as root). With {@code sandbox=off} the agent always runs in {@code
 *     acceptEdits} and may not run commands
 * @param appendSystemPrompt {@code --append-system-prompt}: text added to the agent's system
 *     prompt, such as house rules; empty for none
 * @param progressInterval how often, at most, a running task reports what the agent has done so far
 * @param environment the names of the worker's environment variables the agent may see; a name
 *     ending in {@code *} allows every variable starting with the rest. No other variable reaches
 *     the agent, so keep credentials other than the model's out of this list
 * @param transcript how much of the agent's output is kept
 * @param sandbox {@code required} (the default): every run is fenced in, and fails as {@code
 *     SANDBOX_UNAVAILABLE} where no sandbox can start; {@code off}: the agent runs as the worker's
 *     user, without commands, an explicit and logged choice
 * @param network where the sandboxed agent may connect besides the model API
 * @param filesystem what of the worker's filesystem the sandboxed agent sees
 * @param sandboxPrograms the programs that build the sandbox
 * @param apiRetries how often the CLI retries a failing model API call ({@code
 *     CLAUDE_CODE_MAX_RETRIES}, unless the worker's environment sets it): few, so that an outage
 *     ends the run quickly as {@code AGENT_API_UNREACHABLE}, which Kaka's own retries wait out,
 *     instead of the CLI retrying for minutes until the run times out
 * @param apiStreamIdleTimeout how long a model answer may stall mid-stream before the CLI gives up
 *     on it ({@code CLAUDE_BYTE_STREAM_IDLE_TIMEOUT_MS}, unless the worker's environment sets it;
 *     the CLI's own default is ten minutes)
 * @param dependencyCacheSize how much the repositories' dependency caches ({@code
 *     ~/.m2/repository}, {@code ~/.gradle/caches}, npm's {@code _cacache}, pip's cache) kept
 *     between tasks may take on this worker together; the least recently used go first; 0 keeps
 *     none
 */
@Validated
@ConfigurationProperties(prefix = "kaka.agent")
public record AgentProperties(
    @DefaultValue({"claude", "-p", "{prompt}", "--output-format", "stream-json", "--verbose"})
        @NotEmpty
        List<@NotBlank String> command,
    @DefaultValue("30m") @NotNull @DurationMin(seconds = 1) Duration timeout,
    @DefaultValue("100") @Positive int maxTurns,
    @DefaultValue("10") @NotNull @DecimalMin("0") BigDecimal maxBudgetUsd,
    String model,
    @DefaultValue({}) @NotNull List<@NotBlank String> allowedTools,
    @DefaultValue("bypassPermissions")
        @NotNull
        @Pattern(regexp = "acceptEdits|auto|bypassPermissions|manual|dontAsk|plan")
        String permissionMode,
    String appendSystemPrompt,
    @DefaultValue("10s") @NotNull @DurationMin(millis = 100) Duration progressInterval,
    @DefaultValue({
          "PATH",
          "HOME",
          "USER",
          "LOGNAME",
          "SHELL",
          "LANG",
          "LC_ALL",
          "LC_CTYPE",
          "TZ",
          "TMPDIR",
          "HTTP_PROXY",
          "HTTPS_PROXY",
          "NO_PROXY",
          "NODE_EXTRA_CA_CERTS",
          "ANTHROPIC_API_KEY",
          "ANTHROPIC_AUTH_TOKEN",
          "ANTHROPIC_BASE_URL",
          "ANTHROPIC_MODEL",
          "CLAUDE_CODE_*",
          "CLAUDE_CONFIG_DIR",
          "API_TIMEOUT_MS",
          "CLAUDE_BYTE_STREAM_IDLE_TIMEOUT_MS",
          "DISABLE_TELEMETRY",
          "DISABLE_AUTOUPDATER",
          "IS_SANDBOX"
        })
        @NotNull
        List<@Pattern(regexp = "[A-Za-z_][A-Za-z0-9_]*\\*?") String> environment,
    @DefaultValue @NotNull @Valid Transcript transcript,
    @DefaultValue("required") @NotNull SandboxMode sandbox,
    @DefaultValue @NotNull @Valid NetworkSettings network,
    @DefaultValue @NotNull @Valid FilesystemSettings filesystem,
    @DefaultValue @NotNull @Valid SandboxPrograms sandboxPrograms,
    @DefaultValue("2GB") @NotNull DataSize dependencyCacheSize,
    @DefaultValue("2") @jakarta.validation.constraints.PositiveOrZero int apiRetries,
    @DefaultValue("60s") @NotNull @DurationMin(seconds = 10) Duration apiStreamIdleTimeout) {

  /**
   * How much of the agent's stdout a result keeps: the tail, so the end of a long run survives. The
   * transcript travels in the task's outcome event, so {@code maxChars} keeps that event well below
   * Kafka's default 1 MB message limit.
   *
   * @param maxLines the number of lines kept
   * @param maxLineLength the characters kept of each line; the rest is cut off
   * @param maxChars the characters kept of all lines together
   */
  public record Transcript(
      @DefaultValue("500") @Positive int maxLines,
      @DefaultValue("4000") @Positive int maxLineLength,
      @DefaultValue("200000") @Positive int maxChars) {}
}
