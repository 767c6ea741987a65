package dev.kaka.worker.task;

import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.TaskSettings;
import dev.kaka.worker.agent.AgentLimits;
import dev.kaka.worker.agent.AgentProperties;
import dev.kaka.worker.git.BranchNames;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How one task runs: the repository's {@code .github/kaka.yml}, carried in its trigger, over the
 * worker's own settings. The worker's {@code kaka.agent.max-turns}, {@code max-budget-usd} and
 * {@code timeout} are ceilings: a repository may lower them, never raise them, since the operator
 * pays for the runs and sizes the workers.
 *
 * @param baseBranch where the task's branch starts and its pull request goes
 * @param branchPrefix what the task's branch name starts with
 * @param limits the agent's turns, budget and model
 * @param timeout how long the agent may run
 * @param instructions the repository's instructions for the agent; empty for none
 */
record RunPlan(String baseBranch, String branchPrefix, AgentLimits limits, Duration timeout,
    String instructions) {

  private static final String FILE = "`" + TaskSettings.FILE + "`";
  private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/\\[\\]-]{0,99}");

  /** The plan, or why the task cannot run: exactly one is set. */
  record Planned(RunPlan plan, String problem) {}

  /** @param branchPrefix the worker's {@code kaka.git.branch-prefix} */
  static Planned of(IssueTriggered task, AgentProperties agent, String branchPrefix) {
    TaskSettings settings = task.settings();
    if (settings != null && settings.version() > TaskSettings.VERSION) {
      return new Planned(null, "The task's settings are of version " + settings.version()
          + ", newer than this worker understands (" + TaskSettings.VERSION + "). Kaka's operators"
          + " must update the workers.");
    }
    if (settings != null && settings.problem() != null) {
      return new Planned(null, settings.problem());
    }
    TaskSettings.PullRequest pull = settings == null
        ? new TaskSettings.PullRequest(null, null, null, null)
        : settings.pullRequestOrEmpty();
    TaskSettings.Agent own = settings == null
        ? new TaskSettings.Agent(null, null, null, null, null)
        : settings.agentOrEmpty();
    List<String> problems = new ArrayList<>();
    if (pull.baseBranch() != null && !BranchNames.isValidBranchName(pull.baseBranch())) {
      problems.add("`pull-request.base-branch` must be a branch name, got `" + pull.baseBranch()
          + "`");
    }
    if (pull.branchPrefix() != null && !BranchNames.isValidPrefix(pull.branchPrefix())) {
      problems.add("`pull-request.branch-prefix` must start a branch name, got `"
          + pull.branchPrefix() + "`");
    }
    if (own.model() != null && !MODEL.matcher(own.model()).matches()) {
      problems.add("`agent.model` must be a model name or alias, got `" + own.model() + "`");
    }
    if (own.maxTurns() != null && (own.maxTurns() < 1 || own.maxTurns() > agent.maxTurns())) {
      problems.add("`agent.max-turns` may be at most " + agent.maxTurns() + " on this Kaka "
          + "(`kaka.agent.max-turns`), got `" + own.maxTurns() + "`");
    }
    boolean budgetCapped = agent.maxBudgetUsd().signum() > 0;
    if (own.maxBudgetUsd() != null && (own.maxBudgetUsd().signum() <= 0
        || budgetCapped && own.maxBudgetUsd().compareTo(agent.maxBudgetUsd()) > 0)) {
      problems.add("`agent.max-budget-usd` may be at most " + agent.maxBudgetUsd().toPlainString()
          + " on this Kaka (`kaka.agent.max-budget-usd`), got `"
          + own.maxBudgetUsd().toPlainString() + "`");
    }
    Duration timeout = own.timeoutSeconds() == null
        ? agent.timeout()
        : Duration.ofSeconds(own.timeoutSeconds());
    if (timeout.toSeconds() < 1 || timeout.compareTo(agent.timeout()) > 0) {
      problems.add("`agent.timeout` may be at most " + describe(agent.timeout()) + " on this Kaka "
          + "(`kaka.agent.timeout`), got `" + describe(timeout) + "`");
    }
    if (!problems.isEmpty()) {
      return new Planned(null, problems.size() == 1
          ? FILE + ": " + problems.get(0)
          : FILE + " has " + problems.size() + " problems:\n- " + String.join("\n- ", problems));
    }
    BigDecimal budget = own.maxBudgetUsd() != null ? own.maxBudgetUsd() : agent.maxBudgetUsd();
    return new Planned(new RunPlan(
        pull.baseBranch() != null ? pull.baseBranch() : task.repository().defaultBranch(),
        pull.branchPrefix() != null ? pull.branchPrefix() : branchPrefix,
        new AgentLimits(own.maxTurns() != null ? own.maxTurns() : agent.maxTurns(), budget,
            own.model() != null ? own.model() : agent.model()),
        timeout,
        own.instructions() == null ? "" : own.instructions()), null);
  }

  /** 30m, 90s, 1h30m: how it is written in the settings. */
  private static String describe(Duration duration) {
    long hours = duration.toHours();
    int minutes = duration.toMinutesPart();
    int seconds = duration.toSecondsPart();
    return (hours > 0 ? hours + "h" : "") + (minutes > 0 ? minutes + "m" : "")
        + (seconds > 0 || duration.toSeconds() == 0 ? seconds + "s" : "");
  }
}
