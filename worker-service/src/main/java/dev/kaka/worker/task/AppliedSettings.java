package dev.kaka.worker.task;

import dev.kaka.common.event.RunSettings;
import dev.kaka.common.event.TaskSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Says which settings a planned run applies and where each came from, for the audit of the run: the
 * plan holds the values, the trigger's settings which of them the repository's {@code
 * .github/kaka.yml} set (by the file's own key names).
 */
final class AppliedSettings {

  private AppliedSettings() {}

  static RunSettings of(TaskRun run) {
    RunPlan plan = run.plan();
    TaskSettings file = run.task().settings();
    String model = plan.limits().model();
    return new RunSettings(
        model == null || model.isBlank() ? null : model,
        plan.limits().maxTurns(),
        plan.limits().maxBudgetUsd(),
        plan.timeout().toSeconds(),
        plan.baseBranch(),
        plan.branchPrefix(),
        plan.testCommand().isEmpty() ? null : plan.testCommand(),
        plan.setupCommands(),
        plan.networkPresets(),
        file == null ? List.of() : keysOf(file),
        fileState(file));
  }

  private static RunSettings.RepositoryFile fileState(TaskSettings file) {
    if (file == null) {
      return RunSettings.RepositoryFile.ABSENT;
    }
    return file.unreadable() != null
        ? RunSettings.RepositoryFile.UNREADABLE
        : RunSettings.RepositoryFile.READ;
  }

  private static List<String> keysOf(TaskSettings file) {
    List<String> keys = new ArrayList<>();
    TaskSettings.PullRequest pull = file.pullRequestOrEmpty();
    add(keys, "pull-request.base-branch", pull.baseBranch());
    add(keys, "pull-request.branch-prefix", pull.branchPrefix());
    add(keys, "pull-request.draft", pull.draft());
    add(keys, "pull-request.labels", pull.labels());
    TaskSettings.Agent agent = file.agentOrEmpty();
    add(keys, "agent.model", agent.model());
    add(keys, "agent.max-turns", agent.maxTurns());
    add(keys, "agent.max-budget-usd", agent.maxBudgetUsd());
    add(keys, "agent.timeout", agent.timeoutSeconds());
    add(keys, "agent.instructions", agent.instructions());
    add(keys, "agent.test-command", agent.testCommand());
    add(keys, "agent.network", agent.network());
    TaskSettings.Setup setup = file.setupOrEmpty();
    add(keys, "setup.commands", setup.commands());
    add(keys, "setup.timeout", setup.timeoutSeconds());
    return keys;
  }

  private static void add(List<String> keys, String key, Object value) {
    if (value != null) {
      keys.add(key);
    }
  }
}
