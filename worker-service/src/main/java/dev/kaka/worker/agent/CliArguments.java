package dev.kaka.worker.agent;

import java.util.ArrayList;
import java.util.List;

/**
 * The agent's command line: the configured command with the prompt put in, followed by the limits
 * as the Claude Code CLI's flags. Every value is one argument of its own, never parsed by a shell.
 */
final class CliArguments {

  /** Stands for the prompt in any argument of the command. */
  static final String PROMPT_PLACEHOLDER = "{prompt}";

  private CliArguments() {}

  /** What an agent that may not run commands is allowed, whatever the settings say. */
  static final String UNFENCED_PERMISSION_MODE = "acceptEdits";

  static List<String> of(AgentProperties properties, String prompt) {
    return of(properties, prompt, AgentLimits.of(properties), true);
  }

  /**
   * The command line with {@code limits} instead of those of {@code properties}; an agent outside a
   * sandbox ({@code fenced} false) edits files only and runs no command.
   */
  static List<String> of(
      AgentProperties properties, String prompt, AgentLimits limits, boolean fenced) {
    return of(properties, prompt, limits, fenced, null);
  }

  /** The command line that continues the session {@code resumeId}; null starts a new one. */
  static List<String> of(
      AgentProperties properties,
      String prompt,
      AgentLimits limits,
      boolean fenced,
      String resumeId) {
    List<String> arguments = new ArrayList<>();
    properties
        .command()
        .forEach(argument -> arguments.add(argument.replace(PROMPT_PLACEHOLDER, prompt)));
    arguments.add("--permission-mode");
    arguments.add(fenced ? properties.permissionMode() : UNFENCED_PERMISSION_MODE);
    arguments.add("--max-turns");
    arguments.add(String.valueOf(limits.maxTurns()));
    if (limits.maxBudgetUsd().signum() > 0) {
      arguments.add("--max-budget-usd");
      arguments.add(limits.maxBudgetUsd().toPlainString());
    }
    if (hasText(limits.model())) {
      arguments.add("--model");
      arguments.add(limits.model().strip());
    }
    // outside a sandbox no command is allowed, so the CLI refuses each one and the task says so
    List<String> tools =
        fenced
            ? properties.allowedTools()
            : properties.allowedTools().stream().filter(tool -> !tool.startsWith("Bash")).toList();
    if (!tools.isEmpty()) {
      // The CLI reads a comma-separated list; one argument keeps the order of flags unambiguous.
      arguments.add("--allowedTools");
      arguments.add(String.join(",", tools));
    }
    if (resumeId != null) {
      arguments.add("--resume");
      arguments.add(resumeId);
    }
    if (hasText(properties.appendSystemPrompt())) {
      arguments.add("--append-system-prompt");
      arguments.add(properties.appendSystemPrompt());
    }
    return arguments;
  }

  private static boolean hasText(String value) {
    return value != null && !value.isBlank();
  }
}
