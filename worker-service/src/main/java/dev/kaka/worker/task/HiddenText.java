package dev.kaka.worker.task;

import java.util.Locale;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes from text written on GitHub whatever a person reading the issue does not see, so that no
 * words a reviewer never saw can steer the agent. Gone are: invisible characters (format characters
 * such as zero-width spaces, bidi overrides and tag characters, variation selectors, fillers,
 * control characters), also written as character references; HTML comments, also one that is never
 * closed; elements hidden by an attribute ({@code hidden}, {@code aria-hidden="true"}, a style with
 * {@code display:none} or {@code visibility:hidden}) or whose content never shows ({@code script},
 * {@code style}, {@code template}), with everything inside; every HTML attribute but {@code href}
 * and {@code src}, which takes alt texts and titles with it; and the alt text of Markdown images
 * and the titles of Markdown links. It errs on the side of removing: in a code block such markup is
 * shown on GitHub, and is still removed here.
 */
final class HiddenText {

  private static final Pattern INVISIBLE =
      Pattern.compile(
          "[\\p{Cf}\\p{Cs}\\x{034F}\\x{115F}\\x{1160}\\x{17B4}\\x{17B5}\\x{180B}-\\x{180F}"
              + "\\x{2800}\\x{3164}\\x{FFA0}\\x{FE00}-\\x{FE0F}\\x{E0100}-\\x{E01EF}"
              + "[\\p{Cc}&&[^\\n\\t]]]");
  private static final Pattern NUMERIC_REFERENCE =
      Pattern.compile("&#(?:[xX]([0-9A-Fa-f]{1,6})|([0-9]{1,7}));");
  // the named references of invisible characters in HTML's list
  private static final Pattern INVISIBLE_NAMED_REFERENCE =
      Pattern.compile(
          "&(?:zwj|zwnj|lrm|rlm|shy|ZeroWidthSpace|Negative(?:VeryThin|Thin|Medium|Thick)Space"
              + "|NoBreak|Invisible(?:Times|Comma)|ApplyFunction|it|ic|af);");
  private static final Pattern HTML_COMMENT = Pattern.compile("(?s)<!--.*?(?:-->|\\z)");
  // an HTML tag as CommonMark recognises one
  private static final Pattern TAG =
      Pattern.compile(
          "<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\\s+[^\\s\"'>/=]+(?:\\s*=\\s*(?:\"[^\"]*\"|'[^']*'"
              + "|[^\\s\"'=<>`]+))?)*)\\s*(/?)>");
  private static final Pattern ATTRIBUTE =
      Pattern.compile("([^\\s\"'>/=]+)(?:\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^\\s\"'=<>`]+))?");
  private static final Pattern HIDING_STYLE =
      Pattern.compile("(?i)display\\s*:\\s*none|visibility\\s*:\\s*hidden");
  private static final Set<String> NEVER_SHOWN = Set.of("script", "style", "template");
  private static final Set<String> VOID =
      Set.of(
          "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
          "track", "wbr");
  private static final Set<String> SHOWN_ATTRIBUTES = Set.of("href", "src");
  private static final Pattern IMAGE_ALT =
      Pattern.compile("!\\[(?:\\\\.|[^\\[\\]\\\\]|\\[[^\\[\\]]*])*]");
  private static final String TITLE =
      "(?:\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'|\\((?:\\\\.|[^()\\\\])*\\))";
  private static final Pattern INLINE_LINK_TITLE =
      Pattern.compile(
          "]\\(\\s*(<[^<>\\n]*>|[^\\s()<>]*(?:\\([^\\s()]*\\)[^\\s()<>]*)*)\\s+"
              + TITLE
              + "\\s*\\)");
  private static final Pattern REFERENCE_TITLE =
      Pattern.compile(
          "(?m)^( {0,3}\\[(?:\\\\.|[^\\[\\]\\\\])+]:[ \\t]*\\n?[ \\t]*(?:<[^<>\\n]*>|\\S+))"
              + "[ \\t]*\\n?[ \\t]*"
              + TITLE
              + "[ \\t]*$");

  private HiddenText() {}

  /** {@code text} as a reader of GitHub's page sees it, give or take the formatting. */
  static String strip(String text) {
    String visible = withoutInvisibleCharacters(text);
    visible = HTML_COMMENT.matcher(visible).replaceAll("");
    visible = withoutHiddenElements(visible);
    visible = withShownAttributesOnly(visible);
    visible = IMAGE_ALT.matcher(visible).replaceAll("![]");
    visible =
        INLINE_LINK_TITLE.matcher(visible).replaceAll(link -> "](" + quoted(link.group(1)) + ")");
    return REFERENCE_TITLE.matcher(visible).replaceAll(definition -> quoted(definition.group(1)));
  }

  private static String withoutInvisibleCharacters(String text) {
    String references =
        NUMERIC_REFERENCE
            .matcher(INVISIBLE_NAMED_REFERENCE.matcher(text).replaceAll(""))
            .replaceAll(
                reference -> isInvisible(codePointOf(reference)) ? "" : quoted(reference.group()));
    return INVISIBLE.matcher(references).replaceAll("");
  }

  private static int codePointOf(MatchResult reference) {
    return reference.group(1) != null
        ? Integer.parseInt(reference.group(1), 16)
        : Integer.parseInt(reference.group(2));
  }

  private static boolean isInvisible(int codePoint) {
    return !Character.isValidCodePoint(codePoint)
        || INVISIBLE.matcher(Character.toString(codePoint)).matches();
  }

  /** Drops each hiding element with what it holds; one never closed hides the rest. */
  private static String withoutHiddenElements(String text) {
    StringBuilder visible = new StringBuilder();
    Matcher tags = TAG.matcher(text);
    int shownFrom = 0;
    while (tags.find(shownFrom)) {
      if (tags.group(1).isEmpty() && hides(tags)) {
        visible.append(text, shownFrom, tags.start());
        shownFrom = endOfElement(text, tags);
      } else {
        visible.append(text, shownFrom, tags.end());
        shownFrom = tags.end();
      }
    }
    return visible.append(text.substring(Math.min(shownFrom, text.length()))).toString();
  }

  private static boolean hides(Matcher tag) {
    if (NEVER_SHOWN.contains(tag.group(2).toLowerCase(Locale.ROOT))) {
      return true;
    }
    Matcher attributes = ATTRIBUTE.matcher(tag.group(3));
    while (attributes.find()) {
      String name = attributes.group(1).toLowerCase(Locale.ROOT);
      String value = unquoted(attributes.group(2));
      if (name.equals("hidden")
          || name.equals("aria-hidden") && value.strip().equalsIgnoreCase("true")
          || name.equals("style") && HIDING_STYLE.matcher(value).find()) {
        return true;
      }
    }
    return false;
  }

  /** Where the element {@code open} starts ends: after its matching end tag, or at the end. */
  private static int endOfElement(String text, Matcher open) {
    String name = open.group(2).toLowerCase(Locale.ROOT);
    if (!open.group(4).isEmpty() || VOID.contains(name)) {
      return open.end();
    }
    Matcher tags = TAG.matcher(text);
    int depth = 1;
    int from = open.end();
    while (tags.find(from)) {
      from = tags.end();
      if (tags.group(2).toLowerCase(Locale.ROOT).equals(name) && tags.group(4).isEmpty()) {
        depth += tags.group(1).isEmpty() ? 1 : -1;
        if (depth == 0) {
          return tags.end();
        }
      }
    }
    return text.length();
  }

  private static String withShownAttributesOnly(String text) {
    return TAG.matcher(text).replaceAll(tag -> quoted(shownPart(tag)));
  }

  private static String shownPart(MatchResult tag) {
    StringBuilder shown = new StringBuilder("<").append(tag.group(1)).append(tag.group(2));
    Matcher attributes = ATTRIBUTE.matcher(tag.group(3));
    while (attributes.find()) {
      if (SHOWN_ATTRIBUTES.contains(attributes.group(1).toLowerCase(Locale.ROOT))
          && attributes.group(2) != null) {
        shown.append(' ').append(attributes.group(1)).append('=').append(attributes.group(2));
      }
    }
    return shown.append(tag.group(4)).append('>').toString();
  }

  private static String unquoted(String value) {
    if (value == null) {
      return "";
    }
    boolean quoted = value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"));
    return quoted ? value.substring(1, value.length() - 1) : value;
  }

  private static String quoted(String replacement) {
    return Matcher.quoteReplacement(replacement);
  }
}
