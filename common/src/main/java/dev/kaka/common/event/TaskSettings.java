package dev.kaka.common.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;

/**
 * What a repository's {@code .github/kaka.yml} says about how its tasks run, read by the ingress
 * when the task was triggered. Every value is optional: one that is absent leaves the service-wide
 * setting of the consumer in force ({@code kaka.agent.*}, {@code kaka.git.*}); workers also hold
 * every value to their own ceilings.
 *
 * @param version the shape of this record; consumers fail a task whose settings are newer than they
 *     understand rather than ignore settings they cannot read
 * @param pullRequest where the work goes and how its pull request opens
 * @param agent limits and instructions for the agent
 * @param problem why the file is invalid, quoting the offending key and the expected form; set, the
 *     worker fails the task without running it, and every other value is absent
 * @param unreadable why the file could not be read (GitHub failed); set, the task runs with the
 *     service-wide settings and its comments say so
 * @param setup commands run in the agent's sandbox before the agent
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskSettings(
    int version,
    PullRequest pullRequest,
    Agent agent,
    String problem,
    String unreadable,
    Setup setup) {

  /** The version this code writes and understands. */
  public static final int VERSION = 1;

  /** The file where repositories keep these settings, on their default branch. */
  public static final String FILE = ".github/kaka.yml";

  /** Settings without set-up, as written before {@code setup} existed. */
  public TaskSettings(
      int version, PullRequest pullRequest, Agent agent, String problem, String unreadable) {
    this(version, pullRequest, agent, problem, unreadable, null);
  }

  /** Settings with the given values. */
  public static TaskSettings of(PullRequest pullRequest, Agent agent) {
    return of(pullRequest, agent, null);
  }

  /** Settings with the given values. */
  public static TaskSettings of(PullRequest pullRequest, Agent agent, Setup setup) {
    return new TaskSettings(VERSION, pullRequest, agent, null, null, setup);
  }

  /** Settings of an invalid file: the task fails with {@code problem}. */
  public static TaskSettings invalid(String problem) {
    return new TaskSettings(VERSION, null, null, problem, null);
  }

  /** Settings that could not be read: the task runs with the service-wide ones. */
  public static TaskSettings unreadable(String why) {
    return new TaskSettings(VERSION, null, null, null, why);
  }

  /** The pull request part; never null. */
  @JsonIgnore
  public PullRequest pullRequestOrEmpty() {
    return pullRequest == null ? PullRequest.EMPTY : pullRequest;
  }

  /** The agent part; never null. */
  @JsonIgnore
  public Agent agentOrEmpty() {
    return agent == null ? Agent.EMPTY : agent;
  }

  /** The set-up part; never null. */
  @JsonIgnore
  public Setup setupOrEmpty() {
    return setup == null ? Setup.EMPTY : setup;
  }

  /**
   * @param baseBranch the branch tasks start from and pull requests go into, instead of the
   *     repository's default branch
   * @param branchPrefix what the branches Kaka pushes start with, instead of {@code
   *     kaka.git.branch-prefix}
   * @param draft whether pull requests open as drafts
   * @param labels labels the pull requests get
   * @param fixFailingChecks whether Kaka fixes the failing checks of its pull requests by itself
   * @param maxFixAttempts how many fixes of failing checks one pull request gets at most
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PullRequest(
      String baseBranch,
      String branchPrefix,
      Boolean draft,
      List<String> labels,
      Boolean fixFailingChecks,
      Integer maxFixAttempts) {

    static final PullRequest EMPTY = new PullRequest(null, null, null, null);

    /** How many fixes of failing checks a pull request gets when the file does not say. */
    public static final int DEFAULT_MAX_FIX_ATTEMPTS = 2;

    public PullRequest {
      labels = labels == null ? null : List.copyOf(labels);
    }

    /** Pull request settings as written before the check fixes existed. */
    public PullRequest(String baseBranch, String branchPrefix, Boolean draft, List<String> labels) {
      this(baseBranch, branchPrefix, draft, labels, null, null);
    }

    /** Whether Kaka fixes failing checks by itself: off unless the file says so. */
    @JsonIgnore
    public boolean fixesFailingChecks() {
      return Boolean.TRUE.equals(fixFailingChecks);
    }

    /** The most fixes of failing checks one pull request gets. */
    @JsonIgnore
    public int fixAttemptsAllowed() {
      return maxFixAttempts == null ? DEFAULT_MAX_FIX_ATTEMPTS : maxFixAttempts;
    }
  }

  /**
   * @param model {@code --model}
   * @param maxTurns {@code --max-turns}
   * @param maxBudgetUsd {@code --max-budget-usd}
   * @param timeoutSeconds how long one run may take
   * @param instructions told to the agent with every task of the repository
   * @param testCommand the project's test command, which the agent runs before it finishes
   * @param network names of host presets the worker's operator defines ({@code
   *     kaka.agent.network.presets.<name>}) that the agent may reach; a repository chooses among
   *     them and never names a host itself
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Agent(
      String model,
      Integer maxTurns,
      BigDecimal maxBudgetUsd,
      Long timeoutSeconds,
      String instructions,
      String testCommand,
      List<String> network) {

    static final Agent EMPTY = new Agent(null, null, null, null, null);

    public Agent {
      network = network == null ? null : List.copyOf(network);
    }

    /** Agent settings as written before {@code testCommand} and {@code network} existed. */
    public Agent(
        String model,
        Integer maxTurns,
        BigDecimal maxBudgetUsd,
        Long timeoutSeconds,
        String instructions) {
      this(model, maxTurns, maxBudgetUsd, timeoutSeconds, instructions, null, null);
    }
  }

  /**
   * @param commands shell commands run one after another in the agent's sandbox, in the working
   *     tree, before the agent starts: installing dependencies, warming a build
   * @param timeoutSeconds how long all of them together may take
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Setup(List<String> commands, Long timeoutSeconds) {

    static final Setup EMPTY = new Setup(null, null);

    public Setup {
      commands = commands == null ? null : List.copyOf(commands);
    }
  }
}
