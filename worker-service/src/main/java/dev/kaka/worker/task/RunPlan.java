package dev.kaka.worker.task;

import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.TaskBudget;
import dev.kaka.common.event.TaskSettings;
import dev.kaka.support.git.BranchNameRule;
import dev.kaka.support.time.DurationText;
import dev.kaka.worker.agent.AgentLimits;
import dev.kaka.worker.agent.AgentProperties;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How one task runs: the repository's {@code .github/kaka.yml}, carried in its trigger, over the
 * worker's own settings. The worker's {@code kaka.agent.max-turns}, {@code max-budget-usd} and
 * {@code timeout}, and its ceiling for set-up, are ceilings: a repository may lower them, never
 * raise them, since the operator pays for the runs and sizes the workers.
 *
 * @param baseBranch where the task's branch starts and its pull request goes
 * @param branchPrefix what the task's branch name starts with
 * @param limits the agent's turns, budget and model
 * @param timeout how long the agent may run
 * @param instructions the repository's instructions for the agent; empty for none
 * @param setupCommands shell commands run in the agent's sandbox before the agent; empty for none
 * @param setupTimeout how long the set-up commands together may run
 * @param testCommand the project's test command, which the agent is told to run; empty for none
 * @param networkPresets the names of the operator's host presets the repository asks for; whether
 *     the worker defines them is checked where the sandbox is built
 */
record RunPlan(
    String baseBranch,
    String branchPrefix,
    AgentLimits limits,
    Duration timeout,
    String instructions,
    List<String> setupCommands,
    Duration setupTimeout,
    String testCommand,
    List<String> networkPresets) {

  /** The set-up ceiling of a worker that names none: enough for a cold dependency install. */
  static final Duration DEFAULT_SETUP_TIMEOUT = Duration.ofMinutes(10);

  private static final String FILE = "`" + TaskSettings.FILE + "`";
  private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/\\[\\]-]{0,99}");
  private static final Pattern PRESET = Pattern.compile("[a-z0-9-]{1,40}");

  RunPlan {
    setupCommands = List.copyOf(setupCommands);
    networkPresets = List.copyOf(networkPresets);
  }

  /** A plan without set-up, test command or network presets. */
  RunPlan(
      String baseBranch,
      String branchPrefix,
      AgentLimits limits,
      Duration timeout,
      String instructions) {
    this(
        baseBranch,
        branchPrefix,
        limits,
        timeout,
        instructions,
        List.of(),
        DEFAULT_SETUP_TIMEOUT,
        "",
        List.of());
  }

  /** The plan, or why the task cannot run: exactly one is set. */
  record Planned(RunPlan plan, String problem) {}

  /** {@link #of(IssueTriggered, AgentProperties, String, Duration)} with the default ceiling. */
  static Planned of(IssueTriggered task, AgentProperties agent, String branchPrefix) {
    return of(task, agent, branchPrefix, DEFAULT_SETUP_TIMEOUT);
  }

  /**
   * @param branchPrefix the worker's {@code kaka.git.branch-prefix}
   * @param setupTimeoutCeiling the longest set-up this worker allows, and the set-up's timeout
   *     where the repository names none
   */
  static Planned of(
      IssueTriggered task,
      AgentProperties agent,
      String branchPrefix,
      Duration setupTimeoutCeiling) {
    TaskSettings settings = task.settings();
    if (settings != null && settings.version() > TaskSettings.VERSION) {
      return new Planned(
          null,
          "The task's settings are of version "
              + settings.version()
              + ", newer than this worker understands ("
              + TaskSettings.VERSION
              + "). Kaka's operators"
              + " must update the workers.");
    }
    if (settings != null && settings.problem() != null) {
      return new Planned(null, settings.problem());
    }
    TaskSettings given = settings == null ? TaskSettings.of(null, null) : settings;
    Duration timeout = seconds(given.agentOrEmpty().timeoutSeconds(), agent.timeout());
    Duration setupTimeout = seconds(given.setupOrEmpty().timeoutSeconds(), setupTimeoutCeiling);
    List<String> problems = new ArrayList<>();
    checkPullRequest(given.pullRequestOrEmpty(), problems);
    checkAgent(given.agentOrEmpty(), agent, timeout, problems);
    checkSetup(given.setupOrEmpty(), setupTimeout, setupTimeoutCeiling, problems);
    if (!problems.isEmpty()) {
      return new Planned(
          null,
          problems.size() == 1
              ? FILE + ": " + problems.get(0)
              : FILE
                  + " has "
                  + problems.size()
                  + " problems:\n- "
                  + String.join("\n- ", problems));
    }
    return new Planned(plan(task, given, agent, branchPrefix, timeout, setupTimeout), null);
  }

  private static RunPlan plan(
      IssueTriggered task,
      TaskSettings settings,
      AgentProperties agent,
      String branchPrefix,
      Duration timeout,
      Duration setupTimeout) {
    TaskSettings.PullRequest pull = settings.pullRequestOrEmpty();
    TaskSettings.Agent own = settings.agentOrEmpty();
    List<String> setup = settings.setupOrEmpty().commands();
    BigDecimal budget =
        withinReservation(
            own.maxBudgetUsd() != null ? own.maxBudgetUsd() : agent.maxBudgetUsd(), task.budget());
    return new RunPlan(
        pull.baseBranch() != null ? pull.baseBranch() : task.repository().defaultBranch(),
        pull.branchPrefix() != null ? pull.branchPrefix() : branchPrefix,
        new AgentLimits(
            own.maxTurns() != null ? own.maxTurns() : agent.maxTurns(),
            budget,
            own.model() != null ? own.model() : agent.model()),
        timeout,
        own.instructions() == null ? "" : own.instructions(),
        setup == null ? List.of() : setup,
        setupTimeout,
        own.testCommand() == null ? "" : own.testCommand().strip(),
        own.network() == null ? List.of() : own.network());
  }

  /**
   * {@code cap} held to what the task reserved of the operator's budgets (see {@link TaskBudget}):
   * a run never starts allowed to spend more than its budgets have left. A reservation is never
   * zero, which {@code --max-budget-usd} would read as no limit.
   */
  private static BigDecimal withinReservation(BigDecimal cap, TaskBudget reservation) {
    if (reservation == null) {
      return cap;
    }
    BigDecimal left = reservation.reservedUsd();
    return cap.signum() == 0 || cap.compareTo(left) > 0 ? left : cap;
  }

  private static void checkPullRequest(TaskSettings.PullRequest pull, List<String> problems) {
    if (pull.baseBranch() != null && !BranchNameRule.isValid(pull.baseBranch())) {
      problems.add(
          "`pull-request.base-branch` must be a branch name, got `" + pull.baseBranch() + "`");
    }
    if (pull.branchPrefix() != null && !BranchNameRule.isValidPrefix(pull.branchPrefix())) {
      problems.add(
          "`pull-request.branch-prefix` must start a branch name, got `"
              + pull.branchPrefix()
              + "`");
    }
  }

  private static void checkAgent(
      TaskSettings.Agent own, AgentProperties agent, Duration timeout, List<String> problems) {
    if (own.model() != null && !MODEL.matcher(own.model()).matches()) {
      problems.add("`agent.model` must be a model name or alias, got `" + own.model() + "`");
    }
    if (own.maxTurns() != null && (own.maxTurns() < 1 || own.maxTurns() > agent.maxTurns())) {
      problems.add(
          "`agent.max-turns` may be at most "
              + agent.maxTurns()
              + " on this Kaka "
              + "(`kaka.agent.max-turns`), got `"
              + own.maxTurns()
              + "`");
    }
    boolean budgetCapped = agent.maxBudgetUsd().signum() > 0;
    if (own.maxBudgetUsd() != null
        && (own.maxBudgetUsd().signum() <= 0
            || budgetCapped && own.maxBudgetUsd().compareTo(agent.maxBudgetUsd()) > 0)) {
      problems.add(
          "`agent.max-budget-usd` may be at most "
              + agent.maxBudgetUsd().toPlainString()
              + " on this Kaka (`kaka.agent.max-budget-usd`), got `"
              + own.maxBudgetUsd().toPlainString()
              + "`");
    }
    if (timeout.toSeconds() < 1 || timeout.compareTo(agent.timeout()) > 0) {
      problems.add(
          "`agent.timeout` may be at most "
              + DurationText.of(agent.timeout())
              + " on this Kaka "
              + "(`kaka.agent.timeout`), got `"
              + DurationText.of(timeout)
              + "`");
    }
    // the ingress checked these too; a hand-made event must not reach a shell or the sandbox
    if (own.testCommand() != null && !isLine(own.testCommand())) {
      problems.add("`agent.test-command` must be a command on one line");
    }
    if (own.network() != null && !own.network().stream().allMatch(PRESET.asMatchPredicate())) {
      problems.add("`agent.network` must hold preset names of lower-case letters, digits and `-`");
    } else if (own.network() != null && !agent.network().unknownPresets(own.network()).isEmpty()) {
      problems.add(
          "`agent.network` names presets this Kaka does not define: `"
              + String.join("`, `", agent.network().unknownPresets(own.network()))
              + "` (defined: "
              + (agent.network().presets().isEmpty()
                  ? "none"
                  : "`"
                      + String.join(
                          "`, `", new java.util.TreeSet<>(agent.network().presets().keySet()))
                      + "`")
              + "; Kaka's operators define them with"
              + " `kaka.agent.network.presets.<name>`)");
    }
  }

  private static void checkSetup(
      TaskSettings.Setup setup, Duration setupTimeout, Duration ceiling, List<String> problems) {
    if (setupTimeout.toSeconds() < 1 || setupTimeout.compareTo(ceiling) > 0) {
      problems.add(
          "`setup.timeout` may be at most "
              + DurationText.of(ceiling)
              + " on this Kaka, got `"
              + DurationText.of(setupTimeout)
              + "`");
    }
    if (setup.commands() != null
        && setup.commands().stream()
            .anyMatch(command -> command.isBlank() || command.indexOf('\0') >= 0)) {
      problems.add("`setup.commands` must hold commands that are not empty and have no NUL");
    }
  }

  private static Duration seconds(Long seconds, Duration otherwise) {
    return seconds == null ? otherwise : Duration.ofSeconds(seconds);
  }

  private static boolean isLine(String text) {
    return !text.isBlank() && text.chars().noneMatch(Character::isISOControl);
  }
}
