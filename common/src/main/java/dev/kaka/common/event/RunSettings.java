package dev.kaka.common.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;

/**
 * The settings a run of a task applied, as the worker planned it: the worker's own ({@code
 * kaka.agent.*}, {@code kaka.git.*}) where the repository's {@code .github/kaka.yml} says nothing,
 * the file's where it does. Kept for the audit of the run, and for the pull request's summary.
 *
 * @param model {@code --model}; null when neither names one (the agent's default)
 * @param maxTurns {@code --max-turns}
 * @param maxBudgetUsd {@code --max-budget-usd}; zero for no limit
 * @param timeoutSeconds how long the agent may run
 * @param baseBranch where the task's branch starts and its pull request goes
 * @param branchPrefix what the task's branch name starts with
 * @param testCommand the project's test command the agent was told to run; null for none
 * @param setupCommands the set-up commands run before the agent; empty for none
 * @param network the operator's host presets the agent may reach; empty for none
 * @param fromRepository the keys of {@code .github/kaka.yml} that applied, such as {@code
 *     agent.max-turns}; empty when every value is the worker's
 * @param repositoryFile what became of {@code .github/kaka.yml}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunSettings(
    String model,
    Integer maxTurns,
    BigDecimal maxBudgetUsd,
    Long timeoutSeconds,
    String baseBranch,
    String branchPrefix,
    String testCommand,
    List<String> setupCommands,
    List<String> network,
    List<String> fromRepository,
    RepositoryFile repositoryFile) {

  public RunSettings {
    setupCommands = setupCommands == null ? List.of() : List.copyOf(setupCommands);
    network = network == null ? List.of() : List.copyOf(network);
    fromRepository = fromRepository == null ? List.of() : List.copyOf(fromRepository);
  }

  /** What the ingress found of the repository's {@code .github/kaka.yml} when it was triggered. */
  public enum RepositoryFile {
    /** Read; {@link #fromRepository} says which of its values applied. */
    READ,
    /** Not there (or not read): the worker's settings applied. */
    ABSENT,
    /** GitHub did not serve it: the worker's settings applied. */
    UNREADABLE
  }
}
