package dev.kaka.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository's Dockerfile, read into its stages. */
final class Dockerfile {

  private static final Pattern FROM = Pattern.compile("(?i)FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?");
  private static final Pattern ASSIGNMENT =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S+)");

  /** One build stage: its base (a stage name or an image) and its instructions, in order. */
  record Stage(String name, String from, List<String> instructions) {}

  private final Map<String, Stage> stages;

  private Dockerfile(Map<String, Stage> stages) {
    this.stages = stages;
  }

  static Dockerfile read() {
    try {
      return parse(Files.readString(RepositoryRoot.resolve("Dockerfile")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Dockerfile parse(String text) {
    Map<String, Stage> stages = new LinkedHashMap<>();
    Stage current = null;
    for (String line : text.replaceAll("\\\\\\n", " ").split("\n")) {
      String instruction = line.strip();
      if (instruction.isEmpty() || instruction.startsWith("#")) {
        continue;
      }
      Matcher from = FROM.matcher(instruction);
      if (from.matches()) {
        String name = from.group(2) != null ? from.group(2) : "stage" + stages.size();
        current = new Stage(name, from.group(1), new ArrayList<>());
        stages.put(name, current);
      } else if (current != null) {
        current.instructions().add(instruction.replaceAll("\\s+", " "));
      }
    }
    return new Dockerfile(stages);
  }

  List<String> stages() {
    return List.copyOf(stages.keySet());
  }

  /** The stage and the stages it is built on, base first. */
  List<Stage> lineage(String target) {
    List<Stage> lineage = new ArrayList<>();
    for (Stage stage = stages.get(target); stage != null; stage = stages.get(stage.from())) {
      lineage.add(0, stage);
    }
    if (lineage.isEmpty()) {
      throw new AssertionError("no stage " + target + " in the Dockerfile");
    }
    return lineage;
  }

  /** The ENV a container of {@code target} starts with. */
  Map<String, String> environment(String target) {
    Map<String, String> environment = new HashMap<>();
    for (String instruction : instructions(target, "ENV")) {
      Matcher assignment = ASSIGNMENT.matcher(instruction);
      while (assignment.find()) {
        environment.put(assignment.group(1), assignment.group(2).replace("\"", ""));
      }
    }
    return environment;
  }

  /** The arguments of every {@code keyword} instruction of the target and its base stages. */
  List<String> instructions(String target, String keyword) {
    List<String> found = new ArrayList<>();
    for (Stage stage : lineage(target)) {
      for (String instruction : stage.instructions()) {
        if (instruction.regionMatches(true, 0, keyword + " ", 0, keyword.length() + 1)) {
          found.add(instruction.substring(keyword.length() + 1));
        }
      }
    }
    return found;
  }

  /** The last value of {@code keyword} in the target's lineage, or null. */
  String last(String target, String keyword) {
    List<String> all = instructions(target, keyword);
    return all.isEmpty() ? null : all.get(all.size() - 1);
  }

  Stage stage(String name) {
    return lineage(name).get(lineage(name).size() - 1);
  }
}
