package dev.kaka.support.git;

import java.util.regex.Pattern;

/**
 * Which branch names Kaka accepts: what {@code git check-ref-format --branch} accepts, minus names
 * git commands would read as an option. The ingress checks payloads and settings files with it, the
 * worker checks again what reaches git, since a hand-made event can skip the ingress.
 */
public final class BranchNameRule {

  /**
   * What git check-ref-format refuses anywhere in a ref: controls, space, ~ ^ : ? * [ \ and DEL.
   */
  private static final Pattern FORBIDDEN = Pattern.compile("[\\x00-\\x20~^:?*\\[\\\\\\x7f]");

  /** The characters a prefix of Kaka's branches may hold: plain enough for any shell or tool. */
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._/-]{0,100}");

  /** Git has no limit, but file systems refuse longer file names under {@code .git/refs}. */
  private static final int MAX_LENGTH = 255;

  private BranchNameRule() {}

  /** Whether git accepts {@code name} as a branch name and cannot read it as an option. */
  public static boolean isValid(String name) {
    return name != null
        && !name.isEmpty()
        && name.length() <= MAX_LENGTH
        && !FORBIDDEN.matcher(name).find()
        && !name.contains("..")
        && !name.contains("//")
        && !name.contains("@{")
        && !name.equals("@")
        && !name.startsWith("-")
        && !name.startsWith("/")
        && !name.endsWith("/")
        && !name.endsWith(".")
        && componentsAreValid(name);
  }

  /**
   * Whether {@code prefix} can start the names of Kaka's branches ({@code <prefix>issue-1}): of
   * letters, digits, {@code -}, {@code _}, {@code .} and {@code /} only.
   */
  public static boolean isValidPrefix(String prefix) {
    return prefix != null && PREFIX.matcher(prefix).matches() && isValid(prefix + "issue-1");
  }

  /** No component of the path may start with a dot or end in {@code .lock}. */
  private static boolean componentsAreValid(String name) {
    for (String component : name.split("/")) {
      if (component.startsWith(".") || component.endsWith(".lock")) {
        return false;
      }
    }
    return true;
  }
}
