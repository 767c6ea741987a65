package dev.kaka.ingress.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.common.event.TaskSettings;
import dev.kaka.ingress.trigger.RepositorySettings;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsFileTest {

  /** The example in the README. */
  static final String EXAMPLE =
      """
      # .github/kaka.yml
      trigger:
        label: ai
        command: /ai
        bot-login: acme-ai-bot
        associations: [OWNER, MEMBER]
      pull-request:
        base-branch: develop
        branch-prefix: ai/
        draft: true
        labels: [ai, needs-review]
      agent:
        model: sonnet
        max-turns: 40
        max-budget-usd: 2.5
        timeout: 20m
        instructions: |
          Follow CONTRIBUTING.md.
        test-command: npm test
        network: [npm]
      setup:
        commands: [npm ci, npm run build]
        timeout: 5m
      """;

  @Test
  void everySettingOfTheExampleIsRead() {
    RepositorySettings settings = SettingsFile.parse(EXAMPLE);

    assertThat(settings.trigger())
        .isEqualTo(
            new RepositorySettings.Trigger("ai", "/ai", "acme-ai-bot", Set.of("OWNER", "MEMBER")));
    assertThat(settings.task())
        .isEqualTo(
            TaskSettings.of(
                new TaskSettings.PullRequest("develop", "ai/", true, List.of("ai", "needs-review")),
                new TaskSettings.Agent(
                    "sonnet",
                    40,
                    new BigDecimal("2.5"),
                    1200L,
                    "Follow CONTRIBUTING.md.",
                    "npm test",
                    List.of("npm")),
                new TaskSettings.Setup(List.of("npm ci", "npm run build"), 300L)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "\n", "# nothing set yet\n", "---\n"})
  void anEmptyFileSetsNothing(String text) {
    assertThat(SettingsFile.parse(text)).isEqualTo(RepositorySettings.NONE);
  }

  @Test
  void aFileWithTriggerSettingsOnlyHasNoTaskSettings() {
    RepositorySettings settings = SettingsFile.parse("trigger:\n  label: ai\n");

    assertThat(settings.trigger().label()).isEqualTo("ai");
    assertThat(settings.trigger().command()).isNull();
    assertThat(settings.task()).isNull();
  }

  static Stream<Arguments> leniency() {
    return Stream.of(
        Arguments.of(
            "a single label for a list",
            "pull-request:\n  labels: ai\n",
            TaskSettings.of(new TaskSettings.PullRequest(null, null, null, List.of("ai")), null)),
        Arguments.of(
            "yes for true",
            "pull-request:\n  draft: yes\n",
            TaskSettings.of(new TaskSettings.PullRequest(null, null, true, null), null)),
        Arguments.of(
            "fixes of failing checks",
            "pull-request:\n  fix-failing-checks: true\n  max-fix-attempts: 3\n",
            TaskSettings.of(new TaskSettings.PullRequest(null, null, null, null, true, 3), null)),
        Arguments.of(
            "a quoted number",
            "agent:\n  max-turns: \"12\"\n",
            TaskSettings.of(null, new TaskSettings.Agent(null, 12, null, null, null))),
        Arguments.of(
            "a whole budget",
            "agent:\n  max-budget-usd: 3\n",
            TaskSettings.of(
                null, new TaskSettings.Agent(null, null, new BigDecimal("3"), null, null))),
        Arguments.of(
            "hours and minutes",
            "agent:\n  timeout: 1h30m\n",
            TaskSettings.of(null, new TaskSettings.Agent(null, null, null, 5400L, null))),
        Arguments.of(
            "an ISO-8601 duration",
            "agent:\n  timeout: PT45S\n",
            TaskSettings.of(null, new TaskSettings.Agent(null, null, null, 45L, null))),
        Arguments.of(
            "a key left empty",
            "agent:\n  model:\n  max-turns: 3\n",
            TaskSettings.of(null, new TaskSettings.Agent(null, 3, null, null, null))),
        Arguments.of(
            "set-up as a list",
            "setup: [npm ci, npm run build]\n",
            setup(List.of("npm ci", "npm run build"), null)),
        Arguments.of(
            "set-up as one command", "setup: make deps\n", setup(List.of("make deps"), null)),
        Arguments.of(
            "set-up commands without a timeout",
            "setup:\n  commands: [npm ci]\n",
            setup(List.of("npm ci"), null)),
        Arguments.of(
            "a set-up command over several lines",
            "setup:\n  - |\n    for d in a b; do\n      make -C $d\n    done\n",
            setup(List.of("for d in a b; do\n  make -C $d\ndone"), null)),
        Arguments.of("no set-up commands", "setup: []\n", null),
        Arguments.of(
            "a test command as a block",
            "agent:\n  test-command: |\n    mvn -B test\n",
            TaskSettings.of(
                null, new TaskSettings.Agent(null, null, null, null, null, "mvn -B test", null))),
        Arguments.of(
            "a single network preset, repeated",
            "agent:\n  network: [maven, maven]\n",
            TaskSettings.of(
                null,
                new TaskSettings.Agent(null, null, null, null, null, null, List.of("maven")))),
        Arguments.of(
            "no network presets",
            "agent:\n  network: []\n",
            TaskSettings.of(
                null, new TaskSettings.Agent(null, null, null, null, null, null, List.of()))));
  }

  private static TaskSettings setup(List<String> commands, Long timeoutSeconds) {
    return TaskSettings.of(null, null, new TaskSettings.Setup(commands, timeoutSeconds));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("leniency")
  void acceptsWhatAMaintainerMeans(String description, String text, TaskSettings expected) {
    assertThat(SettingsFile.parse(text).task()).isEqualTo(expected);
  }

  @Test
  void associationsAreReadWithoutRegardToCase() {
    assertThat(
            SettingsFile.parse("trigger:\n  associations: [owner, Collaborator]\n")
                .trigger()
                .allowedAssociations())
        .containsExactlyInAnyOrder("OWNER", "COLLABORATOR");
  }

  @Test
  void anEmptyBotLoginTurnsTheAssignmentTriggerOff() {
    assertThat(SettingsFile.parse("trigger:\n  bot-login: \"\"\n").trigger().botLogin()).isEmpty();
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(
            "agent:\n  max-turns: many\n",
            "`.github/kaka.yml`: `agent.max-turns` must be a whole number, got `many`"),
        Arguments.of(
            "agent:\n  max-turns: 0\n",
            "`.github/kaka.yml`: `agent.max-turns` must be between 1 and 10000, got `0`"),
        Arguments.of(
            "agent:\n  max-turns: 2.5\n",
            "`.github/kaka.yml`: `agent.max-turns` must be a whole number, got `2.5`"),
        Arguments.of(
            "agent:\n  max-budget-usd: lots\n",
            "`.github/kaka.yml`: `agent.max-budget-usd` must be an amount of US dollars such as "
                + "`2.5`, got `lots`"),
        Arguments.of(
            "agent:\n  max-budget-usd: -1\n",
            "`.github/kaka.yml`: `agent.max-budget-usd` must be more than 0 and at most 10000, "
                + "got `-1`"),
        Arguments.of(
            "agent:\n  timeout: 300\n",
            "`.github/kaka.yml`: `agent.timeout` must be a duration such as `20m`, `1h30m` or "
                + "`90s`, got `300`"),
        Arguments.of(
            "agent:\n  timeout: 48h\n",
            "`.github/kaka.yml`: `agent.timeout` must be between 1s and 24h, got `48h`"),
        Arguments.of(
            "agent:\n  model: --dangerously-skip-permissions\n",
            "`.github/kaka.yml`: `agent.model` must be a model name or alias such as `sonnet` or "
                + "`claude-sonnet-4-5`, got `--dangerously-skip-permissions`"),
        Arguments.of(
            "agent:\n  max_turns: 5\n",
            "`.github/kaka.yml`: unknown key `agent.max_turns`; did you mean `agent.max-turns`?"),
        Arguments.of(
            "agent:\n  label: ai\n",
            "`.github/kaka.yml`: unknown key `agent.label`; it belongs in `trigger`: "
                + "`trigger.label`"),
        Arguments.of(
            "agent:\n  effort: high\n",
            "`.github/kaka.yml`: unknown key `agent.effort`; `agent` takes `model`, `max-turns`, "
                + "`max-budget-usd`, `timeout`, `instructions`, `test-command` and `network`"),
        Arguments.of(
            "pullRequest:\n  draft: true\n",
            "`.github/kaka.yml`: unknown key `pullRequest`; did you mean `pull-request`?"),
        Arguments.of(
            "reviewers: [bob]\n",
            "`.github/kaka.yml`: unknown key `reviewers`; the sections are `trigger`, "
                + "`pull-request`, `agent` and `setup`"),
        Arguments.of(
            "agent: sonnet\n",
            "`.github/kaka.yml`: `agent` must be a mapping of keys such as `model`, got `sonnet`"),
        Arguments.of(
            "- trigger\n",
            "`.github/kaka.yml`: the file must be a mapping with the sections `trigger`, "
                + "`pull-request`, `agent` and `setup`, got a list"),
        Arguments.of(
            "pull-request:\n  draft: maybe\n",
            "`.github/kaka.yml`: `pull-request.draft` must be `true` or `false`, got `maybe`"),
        Arguments.of(
            "pull-request:\n  max-fix-attempts: 11\n",
            "`.github/kaka.yml`: `pull-request.max-fix-attempts` must be between 1 and 10, got 11"),
        Arguments.of(
            "pull-request:\n  fix-failing-checks: sometimes\n",
            "`.github/kaka.yml`: `pull-request.fix-failing-checks` must be `true` or `false`, "
                + "got `sometimes`"),
        Arguments.of(
            "pull-request:\n  base-branch: main..x\n",
            "`.github/kaka.yml`: `pull-request.base-branch` must be a branch name such as `main`, "
                + "got `main..x`"),
        Arguments.of(
            "pull-request:\n  branch-prefix: \"-x/\"\n",
            "`.github/kaka.yml`: `pull-request.branch-prefix` must be the start of a branch name, "
                + "of letters, digits, `-`, `_`, `.` and `/`, such as `kaka/`, got `-x/`"),
        Arguments.of(
            "pull-request:\n  labels: {a: b}\n",
            "`.github/kaka.yml`: `pull-request.labels` must be a list of label names such as "
                + "`[kaka, needs-review]`, got a mapping"),
        Arguments.of(
            "trigger:\n  command: run kaka\n",
            "`.github/kaka.yml`: `trigger.command` must be one word such as `/kaka`, got "
                + "`run kaka`"),
        Arguments.of(
            "trigger:\n  label: true\n",
            "`.github/kaka.yml`: `trigger.label` must be a label name of at most 50 characters, "
                + "got `true`"),
        Arguments.of(
            "trigger:\n  bot-login: \"not a login\"\n",
            "`.github/kaka.yml`: `trigger.bot-login` must be a GitHub login, or empty to turn the "
                + "assignment trigger off, got `not a login`"),
        Arguments.of(
            "trigger:\n  associations: [OWNER, DEVELOPER]\n",
            "`.github/kaka.yml`: `trigger.associations` must list values from `OWNER`, `MEMBER`, "
                + "`COLLABORATOR`, `CONTRIBUTOR`, `FIRST_TIME_CONTRIBUTOR`, `FIRST_TIMER`, "
                + "`MANNEQUIN` and `NONE`, got `DEVELOPER`"),
        Arguments.of(
            "trigger:\n  label: \"`rm -rf`\\nsecond line\"\n",
            "`.github/kaka.yml`: `trigger.label` must be a label name of at most 50 characters, "
                + "got `'rm -rf' second line`"),
        Arguments.of(
            "agent:\n  max-turns: 5\n  max-turns: 6\n",
            "`.github/kaka.yml`: not valid YAML: found duplicate key max-turns (line 3, column 3)"),
        Arguments.of(
            "agent:\n  model: [sonnet\n",
            "`.github/kaka.yml`: not valid YAML: expected ',' or ']', but got <stream end> "
                + "(line 3, column 1)"),
        Arguments.of(
            "agent:\n  max-turns: many\npull-request:\n  draft: maybe\n",
            "`.github/kaka.yml` has 2 problems:\n"
                + "- `pull-request.draft` must be `true` or `false`, got `maybe`\n"
                + "- `agent.max-turns` must be a whole number, got `many`"));
  }

  static Stream<Arguments> invalidNewKeys() {
    return Stream.of(
        Arguments.of(
            "setup: 5\n",
            "`.github/kaka.yml`: `setup` must be a list of commands, or a mapping of `commands` "
                + "and `timeout`, got `5`"),
        Arguments.of(
            "setup: [npm ci, {run: x}]\n",
            "`.github/kaka.yml`: `setup` must be a list of shell commands such as "
                + "`[npm ci, npm run build]`, got a list"),
        Arguments.of(
            "setup:\n  commands: {npm: ci}\n",
            "`.github/kaka.yml`: `setup.commands` must be a list of shell commands such as "
                + "`[npm ci, npm run build]`, got a mapping"),
        Arguments.of(
            "setup: [npm ci, \"  \"]\n",
            "`.github/kaka.yml`: `setup` must hold commands of 1 to 1000 characters, got an "
                + "empty value"),
        Arguments.of(
            "setup:\n  commands: [\"" + "x".repeat(1001) + "\"]\n",
            "`.github/kaka.yml`: `setup.commands` must hold commands of 1 to 1000 characters, "
                + "got `"
                + "x".repeat(59)
                + "…`"),
        Arguments.of(
            "setup: [\"make\\0 all\"]\n",
            "`.github/kaka.yml`: `setup` must hold commands of 1 to 1000 characters, got "
                + "`make  all`"),
        Arguments.of(
            "setup: [" + "make, ".repeat(20) + "make]\n",
            "`.github/kaka.yml`: `setup` may hold at most 20 commands, got 21"),
        Arguments.of(
            "setup:\n  commands: [npm ci]\n  timeout: 5\n",
            "`.github/kaka.yml`: `setup.timeout` must be a duration such as `20m`, `1h30m` or "
                + "`90s`, got `5`"),
        Arguments.of(
            "setup:\n  commands: [npm ci]\n  timeout: 30h\n",
            "`.github/kaka.yml`: `setup.timeout` must be between 1s and 24h, got `30h`"),
        Arguments.of(
            "setup:\n  timeout: 5m\n",
            "`.github/kaka.yml`: `setup.timeout` limits `setup.commands`, which are missing"),
        Arguments.of(
            "setup:\n  command: [npm ci]\n",
            "`.github/kaka.yml`: unknown key `setup.command`; did you mean `setup.commands`?"),
        Arguments.of(
            "setup:\n  commands: [npm ci]\n  retries: 2\n",
            "`.github/kaka.yml`: unknown key `setup.retries`; `setup` takes `commands` and "
                + "`timeout`"),
        Arguments.of(
            "agent:\n  test-command: \"npm test\\nrm -rf /\"\n",
            "`.github/kaka.yml`: `agent.test-command` must be a command on one line of at most "
                + "500 characters, such as `npm test`, got `npm test rm -rf /`"),
        Arguments.of(
            "agent:\n  test-command: \"" + "t".repeat(501) + "\"\n",
            "`.github/kaka.yml`: `agent.test-command` must be a command on one line of at most "
                + "500 characters, such as `npm test`, got `"
                + "t".repeat(59)
                + "…`"),
        Arguments.of(
            "agent:\n  test_command: npm test\n",
            "`.github/kaka.yml`: unknown key `agent.test_command`; did you mean "
                + "`agent.test-command`?"),
        Arguments.of(
            "agent:\n  network: [registry.npmjs.org]\n",
            "`.github/kaka.yml`: `agent.network` must hold preset names of lower-case letters, "
                + "digits and `-`, at most 40 characters, got `registry.npmjs.org`"),
        Arguments.of(
            "agent:\n  network: {npm: true}\n",
            "`.github/kaka.yml`: `agent.network` must be a list of network preset names such as "
                + "`[npm, maven]`, got a mapping"),
        Arguments.of(
            "agent:\n  network: [" + "a, b, c, d, e, f, g, h, i, j, k" + "]\n",
            "`.github/kaka.yml`: `agent.network` may name at most 10 presets, got 11"),
        Arguments.of(
            "commands: [npm ci]\n",
            "`.github/kaka.yml`: unknown key `commands`; it belongs in `setup`: "
                + "`setup.commands`"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"invalid", "invalidNewKeys"})
  void anInvalidFileSetsNothingAndSaysWhatIsWrong(String text, String problem) {
    RepositorySettings settings = SettingsFile.parse(text);

    assertThat(settings.trigger()).isEqualTo(RepositorySettings.Trigger.NONE);
    assertThat(settings.task()).isEqualTo(TaskSettings.invalid(problem));
  }

  @Test
  void aBombOfAliasesIsRefusedUnexpanded() {
    StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'k'; c++) {
      char previous = (char) (c - 1);
      bomb.append(c)
          .append(": &")
          .append(c)
          .append(" [*")
          .append(previous)
          .append(", *")
          .append(previous)
          .append(", *")
          .append(previous)
          .append("]\n");
    }

    assertThat(SettingsFile.parse(bomb.toString()).task().problem())
        .startsWith("`.github/kaka.yml`: not valid YAML");
  }

  @Test
  void javaObjectsAreNeverConstructed() {
    String problem =
        SettingsFile.parse("agent: !!javax.script.ScriptEngineManager [x]\n").task().problem();

    assertThat(problem).startsWith("`.github/kaka.yml`: not valid YAML");
  }

  static Stream<Arguments> durations() {
    return Stream.of(
        Arguments.of("90s", Duration.ofSeconds(90)),
        Arguments.of("20m", Duration.ofMinutes(20)),
        Arguments.of("2h", Duration.ofHours(2)),
        Arguments.of("1h30m", Duration.ofMinutes(90)),
        Arguments.of("1H5M10S", Duration.ofSeconds(3910)),
        Arguments.of("PT15M", Duration.ofMinutes(15)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("durations")
  void readsDurationsAsOperatorsWriteThem(String text, Duration expected) {
    assertThat(SettingsFile.parseDuration(text)).contains(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "m", "20", "20 minutes", "1d", "PT", "h1"})
  void refusesWhatIsNoDuration(String text) {
    assertThat(SettingsFile.parseDuration(text)).isEmpty();
  }
}
