package dev.kaka.worker.git;

import dev.kaka.support.git.BranchNameRule;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Names of the branches the worker pushes: {@code kaka/issue-42-fix-login-redirect}. */
public final class BranchNames {

  public static final String DEFAULT_PREFIX = "kaka/";

  /** Long enough to recognise the issue in a branch list, short enough for a terminal prompt. */
  static final int MAX_SLUG_LENGTH = 40;

  /** A cut at a word boundary is preferred unless it would throw away more than this much. */
  private static final int MIN_SLUG_LENGTH_AFTER_WORD_CUT = MAX_SLUG_LENGTH / 2;

  /**
   * Lowercase letters that Unicode decomposition leaves alone but that have a usual ASCII spelling.
   */
  private static final Map<String, String> LETTERS_WITHOUT_DECOMPOSITION =
      Map.of(
          "ß", "ss", "æ", "ae", "œ", "oe", "ø", "o", "ł", "l", "đ", "d", "ð", "d", "þ", "th", "ħ",
          "h", "ı", "i");

  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^a-z0-9]+");

  private BranchNames() {}

  /**
   * {@code kaka/issue-<number>-<slug of title>}, or {@code kaka/issue-<number>} for a title without
   * letters.
   */
  public static String forIssue(int number, String title) {
    return forIssue(DEFAULT_PREFIX, number, title);
  }

  /**
   * {@code <prefix>issue-<number>-<slug of title>}. The slug holds only {@code [a-z0-9-]} and never
   * starts or ends with a dash, so with a valid prefix the result is always a valid branch name.
   *
   * @throws IllegalArgumentException if the number is not positive or the prefix cannot start a
   *     branch name
   */
  public static String forIssue(String prefix, int number, String title) {
    requireValidPrefix(prefix);
    if (number <= 0) {
      throw new IllegalArgumentException("Issue numbers start at 1, got " + number);
    }
    String slug = slug(title);
    return prefix + "issue-" + number + (slug.isEmpty() ? "" : "-" + slug);
  }

  /** Fails unless {@link BranchNameRule#isValidPrefix} holds. */
  static void requireValidPrefix(String prefix) {
    if (!BranchNameRule.isValidPrefix(prefix)) {
      throw new IllegalArgumentException(
          "'"
              + prefix
              + "' cannot start a git branch name;"
              + " use letters, digits, '-', '_' and '/' (for example 'kaka/')");
    }
  }

  /**
   * Lowercase ASCII words joined by single dashes, at most {@value #MAX_SLUG_LENGTH} characters.
   */
  static String slug(String title) {
    if (title == null) {
      return "";
    }
    // NFKD rather than NFD: it also turns compatibility forms such as "ﬁ" or fullwidth "Ａ" into
    // ASCII.
    String folded = MARKS.matcher(Normalizer.normalize(title, Normalizer.Form.NFKD)).replaceAll("");
    folded = folded.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, String> letter : LETTERS_WITHOUT_DECOMPOSITION.entrySet()) {
      folded = folded.replace(letter.getKey(), letter.getValue());
    }
    String slug = trimDashes(NOT_ALPHANUMERIC.matcher(folded).replaceAll("-"));
    return slug.length() <= MAX_SLUG_LENGTH ? slug : shorten(slug);
  }

  /**
   * Cuts at the last dash within the limit (a dash right after it counts), else in the middle of a
   * word.
   */
  private static String shorten(String slug) {
    int lastWordEnd = slug.lastIndexOf('-', MAX_SLUG_LENGTH);
    return lastWordEnd >= MIN_SLUG_LENGTH_AFTER_WORD_CUT
        ? slug.substring(0, lastWordEnd)
        : slug.substring(0, MAX_SLUG_LENGTH);
  }

  private static String trimDashes(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && text.charAt(start) == '-') {
      start++;
    }
    while (end > start && text.charAt(end - 1) == '-') {
      end--;
    }
    return text.substring(start, end);
  }
}
