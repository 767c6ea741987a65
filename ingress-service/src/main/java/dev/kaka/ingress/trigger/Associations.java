package dev.kaka.ingress.trigger;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** GitHub's {@code author_association} values, and how to name a set of them in a sentence. */
public final class Associations {

  /** Every value GitHub sends, closest to the repository first. */
  public static final List<String> ALL =
      List.of(
          "OWNER",
          "MEMBER",
          "COLLABORATOR",
          "CONTRIBUTOR",
          "FIRST_TIME_CONTRIBUTOR",
          "FIRST_TIMER",
          "MANNEQUIN",
          "NONE");

  /**
   * What a repository's {@code trigger.associations} may name: those close enough to hold write
   * access. The others could only widen who starts Kaka, which a repository may not do.
   */
  public static final List<String> NARROWING = List.of("OWNER", "MEMBER", "COLLABORATOR");

  private Associations() {}

  /** "owners, members and collaborators" for OWNER, MEMBER and COLLABORATOR. */
  static String describe(Set<String> allowed) {
    List<String> names = ALL.stream().filter(allowed::contains).map(Associations::plural).toList();
    if (names.isEmpty()) {
      return "nobody";
    }
    if (names.size() == 1) {
      return names.get(0);
    }
    int last = names.size() - 1;
    return String.join(", ", names.subList(0, last)) + " and " + names.get(last);
  }

  private static String plural(String association) {
    return switch (association) {
      case "FIRST_TIME_CONTRIBUTOR" -> "first-time contributors";
      case "FIRST_TIMER" -> "first-time GitHub users";
      case "NONE" -> "other users";
      default -> association.toLowerCase(Locale.ROOT) + "s";
    };
  }
}
