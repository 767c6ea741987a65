package dev.kaka.worker.agent;

import java.util.List;

/**
 * What a running agent has done so far, read from its stream as it prints.
 *
 * @param turns the model's answers so far
 * @param currentTool the tool it used last; null before its first tool use
 * @param filesTouched workspace-relative paths it wrote, sorted
 */
public record AgentProgress(int turns, String currentTool, List<String> filesTouched) {

  public AgentProgress {
    filesTouched = List.copyOf(filesTouched);
  }
}
