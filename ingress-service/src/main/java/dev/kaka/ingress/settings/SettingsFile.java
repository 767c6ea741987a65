package dev.kaka.ingress.settings;

import dev.kaka.common.event.TaskSettings;
import dev.kaka.ingress.trigger.Associations;
import dev.kaka.ingress.trigger.PayloadChecks;
import dev.kaka.ingress.trigger.Permission;
import dev.kaka.ingress.trigger.RepositorySettings;
import dev.kaka.support.git.BranchNameRule;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a repository's {@code .github/kaka.yml}. Every key is checked: an unknown key, a value of
 * the wrong type or out of range makes the whole file invalid, and the problem quotes the key and
 * the form it expects, so a maintainer can fix it from the issue comment alone. An invalid file
 * sets nothing: the triggers are the service's, and the task fails with the problem.
 */
final class SettingsFile {

  /** Larger files are refused unread: settings fit in a few hundred bytes. */
  static final int MAX_BYTES = 64 * 1024;

  private static final String NAME = "`" + TaskSettings.FILE + "`";
  private static final int MAX_PROBLEMS_LISTED = 10;
  private static final int MAX_QUOTED = 60;
  private static final int MAX_LABEL = 50;
  private static final int MAX_LABELS = 20;
  private static final int MAX_TURNS = 10_000;
  private static final BigDecimal MAX_BUDGET = new BigDecimal("10000");
  private static final Duration MAX_TIMEOUT = Duration.ofHours(24);
  private static final int MAX_FIX_ATTEMPTS = 10;
  private static final int MAX_INSTRUCTIONS = 8_000;
  private static final int MAX_TEST_COMMAND = 500;
  private static final int MAX_PRESETS = 10;
  private static final int MAX_SETUP_COMMAND = 1_000;
  private static final int MAX_SETUP_COMMANDS = 20;

  private static final List<String> SECTIONS = List.of("trigger", "pull-request", "agent", "setup");
  private static final Map<String, List<String>> KEYS = sections();
  private static final Pattern COMMAND = Pattern.compile("\\S{1,50}");
  private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/\\[\\]-]{0,99}");
  private static final Pattern PRESET = Pattern.compile("[a-z0-9-]{1,40}");
  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
  private static final Pattern SIMPLE_DURATION =
      Pattern.compile("(?:(\\d{1,4})h)?(?:(\\d{1,6})m)?(?:(\\d{1,8})s)?");

  private SettingsFile() {}

  /** The settings {@code text} sets; {@link RepositorySettings#NONE} for an empty file. */
  static RepositorySettings parse(String text) {
    Object document;
    try {
      document = yaml().load(text);
    } catch (MarkedYAMLException malformed) {
      return invalid(
          List.of("not valid YAML: " + malformed.getProblem() + where(malformed.getProblemMark())));
    } catch (YAMLException malformed) {
      return invalid(List.of("not valid YAML: " + firstLine(malformed.getMessage())));
    }
    if (document == null) {
      return RepositorySettings.NONE;
    }
    Check check = new Check();
    if (!(document instanceof Map<?, ?> root)) {
      return invalid(
          List.of(
              "the file must be a mapping with the sections "
                  + list(SECTIONS)
                  + ", got "
                  + quote(document)));
    }
    check.unknownSections(root);
    RepositorySettings.Trigger trigger = check.trigger(check.section(root, "trigger"));
    TaskSettings.PullRequest pullRequest = check.pullRequest(check.section(root, "pull-request"));
    TaskSettings.Agent agent = check.agent(check.section(root, "agent"));
    TaskSettings.Setup setup = check.setup(root);
    if (!check.problems.isEmpty()) {
      return invalid(check.problems);
    }
    TaskSettings task =
        pullRequest == null && agent == null && setup == null
            ? null
            : TaskSettings.of(pullRequest, agent, setup);
    return new RepositorySettings(trigger, task);
  }

  /** A file that cannot be used, for a reason found before reading its content. */
  static RepositorySettings invalid(String problem) {
    return invalid(List.of(problem));
  }

  private static RepositorySettings invalid(List<String> problems) {
    String text =
        problems.size() == 1
            ? NAME + ": " + problems.get(0)
            : NAME
                + " has "
                + problems.size()
                + " problems:\n- "
                + String.join(
                    "\n- ", problems.subList(0, Math.min(MAX_PROBLEMS_LISTED, problems.size())))
                + (problems.size() > MAX_PROBLEMS_LISTED ? "\n- …" : "");
    return new RepositorySettings(RepositorySettings.Trigger.NONE, TaskSettings.invalid(text));
  }

  // Yaml instances are not thread-safe; the safe constructor builds maps, lists and scalars only
  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setAllowRecursiveKeys(false);
    options.setMaxAliasesForCollections(20);
    options.setNestingDepthLimit(20);
    options.setCodePointLimit(MAX_BYTES);
    return new Yaml(new SafeConstructor(options));
  }

  private static Map<String, List<String>> sections() {
    Map<String, List<String>> keys = new LinkedHashMap<>();
    keys.put("trigger", List.of("label", "command", "bot-login", "associations", "min-permission"));
    keys.put(
        "pull-request",
        List.of(
            "base-branch",
            "branch-prefix",
            "draft",
            "labels",
            "fix-failing-checks",
            "max-fix-attempts"));
    keys.put(
        "agent",
        List.of(
            "model",
            "max-turns",
            "max-budget-usd",
            "timeout",
            "instructions",
            "test-command",
            "network"));
    keys.put("setup", List.of("commands", "timeout"));
    // in the file's order, so that a key two sections share gets the same suggestion every time
    return Collections.unmodifiableMap(keys);
  }

  /** Collects every problem of one file while reading its values. */
  private static final class Check {

    final List<String> problems = new ArrayList<>();

    void unknownSections(Map<?, ?> root) {
      for (Object key : root.keySet()) {
        String name = String.valueOf(key);
        if (!KEYS.containsKey(name)) {
          problems.add(
              "unknown key `"
                  + clip(name)
                  + "`; "
                  + suggestion(name, null).orElse("the sections are " + list(SECTIONS)));
        }
      }
    }

    /** The section's values by key, after reporting unknown keys; empty when it is absent. */
    Map<String, Object> section(Map<?, ?> root, String name) {
      Object value = root.get(name);
      Map<String, Object> values = new LinkedHashMap<>();
      if (value == null) {
        return values;
      }
      if (!(value instanceof Map<?, ?> map)) {
        problems.add(
            "`"
                + name
                + "` must be a mapping of keys such as `"
                + KEYS.get(name).get(0)
                + "`, got "
                + quote(value));
        return values;
      }
      map.forEach(
          (key, keyValue) -> {
            String keyName = String.valueOf(key);
            if (KEYS.get(name).contains(keyName)) {
              values.put(keyName, keyValue);
            } else {
              problems.add(
                  "unknown key `"
                      + name
                      + "."
                      + clip(keyName)
                      + "`; "
                      + suggestion(keyName, name)
                          .orElse("`" + name + "` takes " + list(KEYS.get(name))));
            }
          });
      return values;
    }

    RepositorySettings.Trigger trigger(Map<String, Object> values) {
      String label =
          text(
              values,
              "trigger",
              "label",
              value -> !value.isBlank() && value.length() <= MAX_LABEL && !hasControl(value),
              "a label name of at most " + MAX_LABEL + " characters");
      String command =
          text(
              values, "trigger", "command", COMMAND.asMatchPredicate(), "one word such as `/kaka`");
      String botLogin =
          text(
              values,
              "trigger",
              "bot-login",
              value -> value.isEmpty() || PayloadChecks.isLogin(value),
              "a GitHub login, or empty to turn the assignment trigger off");
      Set<String> associations = associations(values);
      // whether it lowers the service's minimum, which this file cannot know, the rules decide
      String minPermission =
          text(
              values,
              "trigger",
              "min-permission",
              value ->
                  Permission.of(value).filter(known -> known.atLeast(Permission.READ)).isPresent(),
              "one of `read`, `triage`, `write`, `maintain` and `admin`, at least Kaka's own minimum");
      return new RepositorySettings.Trigger(
          label,
          command,
          botLogin,
          associations,
          minPermission == null ? null : Permission.of(minPermission).orElseThrow());
    }

    TaskSettings.PullRequest pullRequest(Map<String, Object> values) {
      String base =
          text(
              values,
              "pull-request",
              "base-branch",
              BranchNameRule::isValid,
              "a branch name such as `main`");
      String prefix =
          text(
              values,
              "pull-request",
              "branch-prefix",
              BranchNameRule::isValidPrefix,
              "the start of a branch name, of letters, digits, `-`, `_`, `.` and `/`, such as `kaka/`");
      Boolean draft = flag(values, "pull-request", "draft");
      List<String> labels = labels(values);
      Boolean fixChecks = flag(values, "pull-request", "fix-failing-checks");
      Integer fixAttempts = fixAttempts(values);
      if (base == null
          && prefix == null
          && draft == null
          && labels == null
          && fixChecks == null
          && fixAttempts == null) {
        return null;
      }
      return new TaskSettings.PullRequest(base, prefix, draft, labels, fixChecks, fixAttempts);
    }

    // each fix is an agent run the operator pays for: a handful is plenty
    private Integer fixAttempts(Map<String, Object> values) {
      Integer attempts = wholeNumber(values, "pull-request", "max-fix-attempts");
      if (attempts != null && attempts > MAX_FIX_ATTEMPTS) {
        problems.add(
            "`pull-request.max-fix-attempts` must be between 1 and "
                + MAX_FIX_ATTEMPTS
                + ", got "
                + attempts);
        return null;
      }
      return attempts;
    }

    TaskSettings.Agent agent(Map<String, Object> values) {
      String model =
          text(
              values,
              "agent",
              "model",
              MODEL.asMatchPredicate(),
              "a model name or alias such as `sonnet` or `claude-sonnet-4-5`");
      Integer maxTurns = wholeNumber(values, "agent", "max-turns");
      BigDecimal budget = dollars(values, "agent", "max-budget-usd");
      Duration timeout = duration(values, "agent", "timeout");
      String instructions =
          text(
              values,
              "agent",
              "instructions",
              value -> value.length() <= MAX_INSTRUCTIONS,
              "text of at most " + MAX_INSTRUCTIONS + " characters");
      String testCommand =
          text(
              values,
              "agent",
              "test-command",
              value -> isLine(value.strip(), MAX_TEST_COMMAND),
              "a command on one line of at most "
                  + MAX_TEST_COMMAND
                  + " characters, such as "
                  + "`npm test`");
      List<String> network = presets(values);
      if (model == null
          && maxTurns == null
          && budget == null
          && timeout == null
          && instructions == null
          && testCommand == null
          && network == null) {
        return null;
      }
      return new TaskSettings.Agent(
          model,
          maxTurns,
          budget,
          seconds(timeout),
          instructions == null ? null : instructions.strip(),
          testCommand == null ? null : testCommand.strip(),
          network);
    }

    /** {@code setup: [commands]}, or {@code setup: {commands: [...], timeout: 5m}}. */
    TaskSettings.Setup setup(Map<?, ?> root) {
      Object value = root.get("setup");
      if (value instanceof List<?> || value instanceof String) {
        List<String> commands = setupCommands(value, "setup");
        return commands == null || commands.isEmpty()
            ? null
            : new TaskSettings.Setup(commands, null);
      }
      if (value != null && !(value instanceof Map<?, ?>)) {
        problems.add(
            "`setup` must be a list of commands, or a mapping of `commands` and "
                + "`timeout`, got "
                + quote(value));
        return null;
      }
      Map<String, Object> values = section(root, "setup");
      List<String> commands = setupCommands(values.get("commands"), "setup.commands");
      Duration timeout = duration(values, "setup", "timeout");
      if (timeout != null && commands == null) {
        problems.add("`setup.timeout` limits `setup.commands`, which are missing");
      }
      return commands == null || commands.isEmpty()
          ? null
          : new TaskSettings.Setup(commands, seconds(timeout));
    }

    /** Commands may span lines, as a shell reads them; a NUL would cut one short. */
    private List<String> setupCommands(Object value, String key) {
      List<String> commands =
          textList(value, key, "a list of shell commands such as `[npm ci, npm run build]`");
      if (commands == null) {
        return null;
      }
      List<String> stripped = commands.stream().map(String::strip).toList();
      for (String command : stripped) {
        if (command.isEmpty()
            || command.length() > MAX_SETUP_COMMAND
            || command.indexOf('\0') >= 0) {
          problems.add(
              "`"
                  + key
                  + "` must hold commands of 1 to "
                  + MAX_SETUP_COMMAND
                  + " characters, got "
                  + quote(command));
          return null;
        }
      }
      if (stripped.size() > MAX_SETUP_COMMANDS) {
        problems.add(
            "`"
                + key
                + "` may hold at most "
                + MAX_SETUP_COMMANDS
                + " commands, got "
                + stripped.size());
        return null;
      }
      return stripped;
    }

    /** Names only: the hosts behind them are the operator's, so a file cannot widen the net. */
    private List<String> presets(Map<String, Object> values) {
      List<String> names =
          textList(
              values, "agent", "network", "a list of network preset names such as `[npm, maven]`");
      if (names == null) {
        return null;
      }
      List<String> stripped = names.stream().map(String::strip).distinct().toList();
      for (String name : stripped) {
        if (!PRESET.matcher(name).matches()) {
          problems.add(
              "`agent.network` must hold preset names of lower-case letters, digits and "
                  + "`-`, at most 40 characters, got "
                  + quote(name));
          return null;
        }
      }
      if (stripped.size() > MAX_PRESETS) {
        problems.add(
            "`agent.network` may name at most " + MAX_PRESETS + " presets, got " + stripped.size());
        return null;
      }
      return stripped;
    }

    private Set<String> associations(Map<String, Object> values) {
      String key = "`trigger.associations`";
      List<String> names =
          textList(values, "trigger", "associations", "a list of " + list(Associations.ALL));
      if (names == null) {
        return null;
      }
      Set<String> associations = new LinkedHashSet<>();
      for (String name : names) {
        String upper = name.strip().toUpperCase(Locale.ROOT);
        if (!Associations.ALL.contains(upper)) {
          problems.add(
              key + " must list values from " + list(Associations.ALL) + ", got " + quote(name));
          return null;
        }
        if (!Associations.NARROWING.contains(upper)) {
          problems.add(
              key
                  + " may only narrow who starts Kaka: it takes "
                  + list(Associations.NARROWING)
                  + ", got "
                  + quote(name));
          return null;
        }
        associations.add(upper);
      }
      if (associations.isEmpty()) {
        problems.add(
            key
                + " must name at least one of "
                + list(Associations.ALL)
                + "; to turn the command off, choose a command nobody types");
        return null;
      }
      return associations;
    }

    private List<String> labels(Map<String, Object> values) {
      List<String> labels =
          textList(
              values,
              "pull-request",
              "labels",
              "a list of label names such as `[kaka, needs-review]`");
      if (labels == null) {
        return null;
      }
      List<String> stripped = labels.stream().map(String::strip).distinct().toList();
      for (String label : stripped) {
        if (label.isEmpty() || label.length() > MAX_LABEL || hasControl(label)) {
          problems.add(
              "`pull-request.labels` must hold label names of 1 to "
                  + MAX_LABEL
                  + " characters, got "
                  + quote(label));
          return null;
        }
      }
      if (stripped.size() > MAX_LABELS) {
        problems.add(
            "`pull-request.labels` may hold at most "
                + MAX_LABELS
                + " labels, got "
                + stripped.size());
        return null;
      }
      return stripped;
    }

    /** A text value; YAML numbers count as text (a label may be {@code 2024}), booleans do not. */
    private String text(
        Map<String, Object> values,
        String section,
        String key,
        Predicate<String> valid,
        String expected) {
      Object value = values.get(key);
      if (value == null) {
        return null;
      }
      String text =
          value instanceof String string ? string : isWhole(value) ? value.toString() : null;
      if (text == null || !valid.test(text)) {
        problems.add("`" + section + "." + key + "` must be " + expected + ", got " + quote(value));
        return null;
      }
      return text;
    }

    /** A list of texts; a single text is a list of one. */
    private List<String> textList(
        Map<String, Object> values, String section, String key, String expected) {
      return textList(values.get(key), section + "." + key, expected);
    }

    private List<String> textList(Object value, String key, String expected) {
      if (value == null) {
        return null;
      }
      List<?> items =
          value instanceof List<?> list ? list : value instanceof String ? List.of(value) : null;
      if (items == null
          || items.stream().anyMatch(item -> !(item instanceof String) && !isWhole(item))) {
        problems.add("`" + key + "` must be " + expected + ", got " + quote(value));
        return null;
      }
      return items.stream().map(String::valueOf).toList();
    }

    private Boolean flag(Map<String, Object> values, String section, String key) {
      Object value = values.get(key);
      if (value == null) {
        return null;
      }
      if (value instanceof Boolean flag) {
        return flag;
      }
      if (value instanceof String text
          && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
        return Boolean.valueOf(text);
      }
      problems.add("`" + section + "." + key + "` must be `true` or `false`, got " + quote(value));
      return null;
    }

    private Integer wholeNumber(Map<String, Object> values, String section, String key) {
      Object value = values.get(key);
      if (value == null) {
        return null;
      }
      BigInteger number = null;
      if (isWhole(value)) {
        number = new BigInteger(value.toString());
      } else if (value instanceof String text && text.strip().matches("\\d{1,9}")) {
        number = new BigInteger(text.strip());
      }
      if (number == null) {
        problems.add("`" + section + "." + key + "` must be a whole number, got " + quote(value));
        return null;
      }
      if (number.signum() <= 0 || number.compareTo(BigInteger.valueOf(MAX_TURNS)) > 0) {
        problems.add(
            "`"
                + section
                + "."
                + key
                + "` must be between 1 and "
                + MAX_TURNS
                + ", got "
                + quote(value));
        return null;
      }
      return number.intValue();
    }

    private BigDecimal dollars(Map<String, Object> values, String section, String key) {
      Object value = values.get(key);
      if (value == null) {
        return null;
      }
      BigDecimal amount = null;
      if (isWhole(value) || value instanceof Double number && Double.isFinite(number)) {
        amount = new BigDecimal(value.toString());
      } else if (value instanceof String text && text.strip().matches("\\d{1,9}(\\.\\d{1,6})?")) {
        amount = new BigDecimal(text.strip());
      }
      if (amount == null) {
        problems.add(
            "`"
                + section
                + "."
                + key
                + "` must be an amount of US dollars such as `2.5`, "
                + "got "
                + quote(value));
        return null;
      }
      if (amount.signum() <= 0 || amount.compareTo(MAX_BUDGET) > 0) {
        problems.add(
            "`"
                + section
                + "."
                + key
                + "` must be more than 0 and at most "
                + MAX_BUDGET.toPlainString()
                + ", got "
                + quote(value));
        return null;
      }
      return amount.stripTrailingZeros();
    }

    private Duration duration(Map<String, Object> values, String section, String key) {
      Object value = values.get(key);
      if (value == null) {
        return null;
      }
      Optional<Duration> duration =
          value instanceof String text ? parseDuration(text.strip()) : Optional.empty();
      String expected = " must be a duration such as `20m`, `1h30m` or `90s`, got ";
      if (duration.isEmpty()) {
        problems.add("`" + section + "." + key + "`" + expected + quote(value));
        return null;
      }
      if (duration.get().toSeconds() < 1 || duration.get().compareTo(MAX_TIMEOUT) > 0) {
        problems.add(
            "`" + section + "." + key + "` must be between 1s and 24h, got " + quote(value));
        return null;
      }
      return duration.get();
    }
  }

  /** {@code 20m}, {@code 1h30m}, {@code 90s}, or ISO-8601 such as {@code PT20M}. */
  static Optional<Duration> parseDuration(String text) {
    Matcher simple = SIMPLE_DURATION.matcher(text.toLowerCase(Locale.ROOT));
    if (!text.isEmpty() && simple.matches()) {
      return Optional.of(
          Duration.ofHours(number(simple.group(1)))
              .plusMinutes(number(simple.group(2)))
              .plusSeconds(number(simple.group(3))));
    }
    if (text.regionMatches(true, 0, "PT", 0, 2)) {
      try {
        return Optional.of(Duration.parse(text));
      } catch (DateTimeParseException notIso) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static long number(String digits) {
    return digits == null ? 0 : Long.parseLong(digits);
  }

  private static boolean isWhole(Object value) {
    return value instanceof Integer || value instanceof Long || value instanceof BigInteger;
  }

  private static boolean hasControl(String text) {
    return CONTROL.matcher(text).find();
  }

  private static boolean isLine(String text, int maxLength) {
    return !text.isEmpty() && text.length() <= maxLength && !hasControl(text);
  }

  private static Long seconds(Duration duration) {
    return duration == null ? null : duration.toSeconds();
  }

  /**
   * "did you mean `agent.max-turns`?" for keys that differ in case, dashes or underscores, or in
   * their section by a plural's s ({@code setup.command} is not {@code trigger.command}).
   */
  private static Optional<String> suggestion(String key, String section) {
    String wanted = normal(key);
    if (section != null) {
      for (String known : KEYS.get(section)) {
        if (normal(known).equals(wanted) || normal(known).equals(wanted + "s")) {
          return Optional.of("did you mean `" + section + "." + known + "`?");
        }
      }
    }
    for (Map.Entry<String, List<String>> entry : KEYS.entrySet()) {
      if (section == null && normal(entry.getKey()).equals(wanted)) {
        return Optional.of("did you mean `" + entry.getKey() + "`?");
      }
      for (String known : entry.getValue()) {
        if (!entry.getKey().equals(section) && normal(known).equals(wanted)) {
          return Optional.of(
              "it belongs in `" + entry.getKey() + "`: `" + entry.getKey() + "." + known + "`");
        }
      }
    }
    return Optional.empty();
  }

  private static String normal(String key) {
    return key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
  }

  private static String list(List<String> names) {
    List<String> quoted = names.stream().map(name -> "`" + name + "`").toList();
    int last = quoted.size() - 1;
    return String.join(", ", quoted.subList(0, last)) + " and " + quoted.get(last);
  }

  /** A value from the file as it may appear in a comment: short, on one line, in a code span. */
  static String quote(Object value) {
    if (value == null) {
      return "nothing";
    }
    if (value instanceof Map<?, ?>) {
      return "a mapping";
    }
    if (value instanceof List<?>) {
      return "a list";
    }
    if (value instanceof String text && text.isBlank()) {
      return "an empty value";
    }
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return "`" + clip(String.valueOf(value)) + "`";
    }
    return "a value of another kind";
  }

  private static String clip(String text) {
    String line = CONTROL.matcher(text).replaceAll(" ").replace('`', '\'').strip();
    return line.length() <= MAX_QUOTED ? line : line.substring(0, MAX_QUOTED - 1) + "…";
  }

  private static String where(Mark mark) {
    return mark == null
        ? ""
        : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")";
  }

  private static String firstLine(String message) {
    return message == null ? "unreadable" : clip(message.lines().findFirst().orElse(""));
  }
}
