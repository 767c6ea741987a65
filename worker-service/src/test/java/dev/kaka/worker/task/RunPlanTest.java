package dev.kaka.worker.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.TaskBudget;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TaskSettings;
import dev.kaka.common.event.Trigger;
import dev.kaka.common.event.TriggerKind;
import dev.kaka.worker.agent.AgentLimits;
import dev.kaka.worker.agent.AgentProperties;
import dev.kaka.worker.agent.sandbox.FilesystemSettings;
import dev.kaka.worker.agent.sandbox.NetworkSettings;
import dev.kaka.worker.agent.sandbox.SandboxMode;
import dev.kaka.worker.agent.sandbox.SandboxPrograms;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RunPlanTest {

  private static final AgentProperties AGENT =
      new AgentProperties(
          List.of("claude", "-p", "{prompt}"),
          Duration.ofMinutes(30),
          100,
          new BigDecimal("10"),
          "opus",
          List.of(),
          "acceptEdits",
          null,
          Duration.ofSeconds(10),
          List.of("PATH"),
          new AgentProperties.Transcript(500, 4000, 200000),
          SandboxMode.REQUIRED,
          new NetworkSettings(
              List.of(),
              java.util.Map.of(
                  "npm", List.of("registry.npmjs.org"), "github", List.of("codeload.github.com"))),
          new FilesystemSettings(List.of(), List.of(), List.of()),
          new SandboxPrograms("bwrap", "socat"),
          org.springframework.util.unit.DataSize.ofGigabytes(2),
          2,
          Duration.ofMinutes(1));
  private static final String GIT = "kaka/";

  private static IssueTriggered task(TaskSettings settings) {
    return new IssueTriggered(
        TaskEvent.SCHEMA_VERSION,
        "t-1",
        "d-1",
        new RepositoryRef("octo", "hello", "https://github.com/octo/hello.git", "main"),
        new IssueRef(7, "Fix the typo", "https://github.com/octo/hello/issues/7"),
        "",
        new Trigger(TriggerKind.LABEL, "alice", ""),
        1,
        Instant.EPOCH,
        null,
        settings);
  }

  private static RunPlan plan(TaskSettings settings) {
    RunPlan.Planned planned = RunPlan.of(task(settings), AGENT, GIT);
    assertThat(planned.problem()).isNull();
    return planned.plan();
  }

  private static String problem(TaskSettings settings) {
    RunPlan.Planned planned = RunPlan.of(task(settings), AGENT, GIT);
    assertThat(planned.plan()).isNull();
    return planned.problem();
  }

  private static TaskSettings agent(String model, Integer turns, String budget, Long seconds) {
    return TaskSettings.of(
        null,
        new TaskSettings.Agent(
            model, turns, budget == null ? null : new BigDecimal(budget), seconds, null));
  }

  @Test
  void withoutSettingsTheWorkersOwnApply() {
    assertThat(plan(null))
        .isEqualTo(
            new RunPlan(
                "main",
                "kaka/",
                new AgentLimits(100, new BigDecimal("10"), "opus"),
                Duration.ofMinutes(30),
                ""));
  }

  @Test
  void aRepositorysSettingsApplyWithinTheWorkersCeilings() {
    TaskSettings settings =
        TaskSettings.of(
            new TaskSettings.PullRequest("develop", "ai/", true, List.of("ai")),
            new TaskSettings.Agent("sonnet", 20, new BigDecimal("2.5"), 600L, "Run the tests."));

    assertThat(plan(settings))
        .isEqualTo(
            new RunPlan(
                "develop",
                "ai/",
                new AgentLimits(20, new BigDecimal("2.5"), "sonnet"),
                Duration.ofMinutes(10),
                "Run the tests."));
  }

  @Test
  void setUpTestCommandAndNetworkPresetsPassThrough() {
    TaskSettings settings =
        TaskSettings.of(
            null,
            new TaskSettings.Agent(
                null, null, null, null, null, "npm test", List.of("npm", "github")),
            new TaskSettings.Setup(List.of("npm ci", "npm run build"), 300L));

    assertThat(plan(settings))
        .isEqualTo(
            new RunPlan(
                "main",
                "kaka/",
                new AgentLimits(100, new BigDecimal("10"), "opus"),
                Duration.ofMinutes(30),
                "",
                List.of("npm ci", "npm run build"),
                Duration.ofMinutes(5),
                "npm test",
                List.of("npm", "github")));
  }

  @Test
  void withoutSettingsThereIsNoSetUpTestCommandOrPreset() {
    RunPlan plan = plan(null);

    assertThat(plan.setupCommands()).isEmpty();
    assertThat(plan.setupTimeout()).isEqualTo(RunPlan.DEFAULT_SETUP_TIMEOUT);
    assertThat(plan.testCommand()).isEmpty();
    assertThat(plan.networkPresets()).isEmpty();
  }

  @Test
  void aSetUpWithoutTimeoutGetsTheWorkersCeiling() {
    TaskSettings settings = setup(null);

    assertThat(plan(settings).setupTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(RunPlan.of(task(settings), AGENT, GIT, Duration.ofMinutes(3)).plan().setupTimeout())
        .isEqualTo(Duration.ofMinutes(3));
  }

  @Test
  void aSetUpTimeoutOverTheWorkersCeilingIsRefused() {
    RunPlan.Planned planned = RunPlan.of(task(setup(300L)), AGENT, GIT, Duration.ofMinutes(2));

    assertThat(planned.plan()).isNull();
    assertThat(planned.problem())
        .isEqualTo(
            "`.github/kaka.yml`: `setup.timeout` may be at most 2m " + "on this Kaka, got `5m`");
  }

  private static TaskSettings setup(Long timeoutSeconds) {
    return TaskSettings.of(null, null, new TaskSettings.Setup(List.of("npm ci"), timeoutSeconds));
  }

  private static TaskSettings project(
      String testCommand, List<String> network, List<String> setup) {
    return TaskSettings.of(
        null,
        new TaskSettings.Agent(null, null, null, null, null, testCommand, network),
        new TaskSettings.Setup(setup, null));
  }

  @Test
  void settingsThatCouldNotBeReadLeaveTheWorkersOwn() {
    assertThat(plan(TaskSettings.unreadable("GitHub answered 502"))).isEqualTo(plan(null));
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of(
            TaskSettings.invalid(
                "`.github/kaka.yml`: `agent.max-turns` must be a whole " + "number, got `many`"),
            "`.github/kaka.yml`: `agent.max-turns` must be a whole " + "number, got `many`"),
        Arguments.of(
            agent(null, 500, null, null),
            "`.github/kaka.yml`: `agent.max-turns` may be "
                + "at most 100 on this Kaka (`kaka.agent.max-turns`), got `500`"),
        Arguments.of(
            agent(null, null, "50", null),
            "`.github/kaka.yml`: `agent.max-budget-usd` "
                + "may be at most 10 on this Kaka (`kaka.agent.max-budget-usd`), got `50`"),
        Arguments.of(
            agent(null, null, null, 7200L),
            "`.github/kaka.yml`: `agent.timeout` may be "
                + "at most 30m on this Kaka (`kaka.agent.timeout`), got `2h`"),
        Arguments.of(
            agent("--dangerously-skip-permissions", null, null, null),
            "`.github/kaka.yml`: `agent.model` must be a model name or alias, got "
                + "`--dangerously-skip-permissions`"),
        Arguments.of(
            TaskSettings.of(new TaskSettings.PullRequest("-f", "x.lock/", null, null), null),
            "`.github/kaka.yml` has 2 problems:\n"
                + "- `pull-request.base-branch` must be a branch name, got `-f`\n"
                + "- `pull-request.branch-prefix` must start a branch name, got `x.lock/`"),
        Arguments.of(
            new TaskSettings(2, null, null, null, null),
            "The task's settings are of "
                + "version 2, newer than this worker understands (1). Kaka's operators must update "
                + "the workers."),
        Arguments.of(
            setup(1200L),
            "`.github/kaka.yml`: `setup.timeout` may be at most 10m on " + "this Kaka, got `20m`"),
        Arguments.of(
            setup(0L),
            "`.github/kaka.yml`: `setup.timeout` may be at most 10m on " + "this Kaka, got `0s`"),
        Arguments.of(
            project("npm test\ncurl evil.example", null, null),
            "`.github/kaka.yml`: " + "`agent.test-command` must be a command on one line"),
        Arguments.of(
            project(null, List.of("registry.npmjs.org"), null),
            "`.github/kaka.yml`: "
                + "`agent.network` must hold preset names of lower-case letters, digits and `-`"),
        Arguments.of(
            project(null, List.of("npm", "pypi", "crates"), null),
            "`.github/kaka.yml`: "
                + "`agent.network` names presets this Kaka does not define: `pypi`, `crates` (defined:"
                + " `github`, `npm`; Kaka's operators define them with"
                + " `kaka.agent.network.presets.<name>`)"),
        Arguments.of(
            project(null, null, List.of("npm ci", "make\0")),
            "`.github/kaka.yml`: "
                + "`setup.commands` must hold commands that are not empty and have no NUL"));
  }

  @ParameterizedTest
  @MethodSource("refused")
  void settingsTheWorkerCannotHonourAreRefusedWithTheReason(TaskSettings settings, String reason) {
    assertThat(problem(settings)).isEqualTo(reason);
  }

  @Test
  void anyBudgetGoesWhenTheWorkerSetsNone() {
    AgentProperties unlimited =
        new AgentProperties(
            AGENT.command(),
            AGENT.timeout(),
            100,
            BigDecimal.ZERO,
            null,
            List.of(),
            "acceptEdits",
            null,
            AGENT.progressInterval(),
            AGENT.environment(),
            AGENT.transcript(),
            AGENT.sandbox(),
            AGENT.network(),
            AGENT.filesystem(),
            AGENT.sandboxPrograms(),
            AGENT.dependencyCacheSize(),
            AGENT.apiRetries(),
            AGENT.apiStreamIdleTimeout());

    RunPlan.Planned planned = RunPlan.of(task(agent(null, null, "500", null)), unlimited, GIT);

    assertThat(planned.plan().limits().maxBudgetUsd()).isEqualByComparingTo("500");
  }

  @Test
  void aRunMaySpendNoMoreThanItsTaskReservedOfTheBudgets() {
    IssueTriggered reserved =
        task(null).withBudget(new TaskBudget(new BigDecimal("0.30"), Instant.EPOCH, "alice"));

    RunPlan.Planned planned = RunPlan.of(reserved, AGENT, GIT);

    assertThat(planned.plan().limits().maxBudgetUsd().toPlainString()).isEqualTo("0.30");
  }

  @Test
  void aReservationAboveTheRunsOwnCapLeavesTheCap() {
    IssueTriggered reserved =
        task(agent(null, null, "0.20", null))
            .withBudget(new TaskBudget(new BigDecimal("0.30"), Instant.EPOCH, "alice"));

    RunPlan.Planned planned = RunPlan.of(reserved, AGENT, GIT);

    assertThat(planned.plan().limits().maxBudgetUsd()).isEqualByComparingTo("0.20");
  }
}
