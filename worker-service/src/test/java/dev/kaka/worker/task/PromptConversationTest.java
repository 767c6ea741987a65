package dev.kaka.worker.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.common.event.Conversation;
import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.Review;
import dev.kaka.common.event.ReviewComment;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.ThreadComment;
import dev.kaka.common.event.Trigger;
import dev.kaka.common.event.TriggerKind;
import dev.kaka.worker.attachment.IssueImages;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What of an issue reaches the agent: its text and its trusted discussion as a person sees them on
 * GitHub, never what is hidden there, and its images.
 */
class PromptConversationTest {

  private static final String SECRET = "EXFILTRATE";
  private static final Pattern INVISIBLE =
      Pattern.compile(
          "[\\p{Cf}\\x{FE00}-\\x{FE0F}\\x{E0100}-\\x{E01EF}\\x{3164}\\x{115F}\\x{034F}]");

  private static IssueTriggered task(String body, Conversation conversation) {
    return new IssueTriggered(
            TaskEvent.SCHEMA_VERSION,
            "t-1",
            "d-1",
            new RepositoryRef("octo", "hello", "https://github.com/octo/hello.git", "main"),
            new IssueRef(7, "Fix the typo", "https://github.com/octo/hello/issues/7"),
            body,
            new Trigger(TriggerKind.LABEL, "alice", ""),
            1,
            Instant.EPOCH)
        .withConversation(conversation);
  }

  private static ThreadComment comment(String author, String body, String at) {
    return new ThreadComment(author, body, Instant.parse(at));
  }

  @Test
  void theTrustedDiscussionFollowsTheIssueOldestFirstWithItsAuthors() {
    String prompt =
        PromptBuilder.build(
            task(
                "It crashes.",
                new Conversation(
                    List.of(
                        comment("mia", "Fix it in the parser.", "2026-01-01T10:00:00Z"),
                        comment("bob", "And add a test.", "2026-01-02T10:00:00Z")),
                    false,
                    false)),
            "b");

    assertThat(prompt)
        .contains(
            "<comment author=\"@mia\" at=\"2026-01-01T10:00:00Z\">\nFix it in the parser.\n"
                + "</comment>\n<comment author=\"@bob\" at=\"2026-01-02T10:00:00Z\">\n"
                + "And add a test.\n</comment>")
        .doesNotContain("left out");
    assertThat(prompt.indexOf("</issue>")).isLessThan(prompt.indexOf("<comment"));
  }

  @Test
  void aReviewsCommentsFollowWithTheirFilesAndLinesAndNothingHiddenInThem() {
    Review review =
        new Review(
            77,
            List.of(
                new ReviewComment("src/App.java", 12, "Rename it.<!-- " + SECRET + " -->"),
                new ReviewComment("docs/\"odd\".md", null, "Say why.")),
            true);
    IssueTriggered reviewed =
        task("It crashes.", null)
            .withTrigger(new Trigger(TriggerKind.REVIEW, "mia", "", 5L, null, review));

    String prompt = PromptBuilder.build(reviewed, "b");

    assertThat(prompt)
        .contains("@mia reviewed the pull request")
        .contains("(some are left out for length)")
        .contains(
            "<review-comment file=\"src/App.java\" line=\"12\">\nRename it.\n</review-comment>\n"
                + "<review-comment file=\"docs/ odd .md\">\nSay why.\n</review-comment>\n")
        .doesNotContain(SECRET);
  }

  @Test
  void saysWhenOlderCommentsWereLeftOutOrNoneCouldBeRead() {
    String cut =
        PromptBuilder.build(
            task(
                "x",
                new Conversation(
                    List.of(comment("mia", "Newest.", "2026-01-01T10:00:00Z")), true, false)),
            "b");
    String unread = PromptBuilder.build(task("x", Conversation.ofUnreadable()), "b");

    assertThat(cut).contains("older ones are left out for length");
    assertThat(unread).contains("could not be read from GitHub").doesNotContain("<comment");
  }

  @Test
  void aTaskWithoutDiscussionHasNoCommentSection() {
    assertThat(PromptBuilder.build(task("x", null), "b")).doesNotContain("<comment");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          an HTML comment           | before <!-- EXFILTRATE --> after
          an unterminated comment   | before <!-- EXFILTRATE
          the hidden attribute      | before <span hidden>EXFILTRATE <b>now</b></span> after
          a bare hidden attribute   | before <div hidden=hidden><div>EXFILTRATE</div></div> after
          aria-hidden               | before <p aria-hidden="true">EXFILTRATE</p> after
          display none              | before <span style="color:red; display: none">EXFILTRATE</span> after
          visibility hidden         | before <span style='visibility:hidden'>EXFILTRATE</span> after
          an unclosed hidden span   | before <span hidden>EXFILTRATE
          a script element          | before <script>EXFILTRATE</script> after
          Markdown image alt text   | before ![EXFILTRATE](https://github.com/user-attachments/assets/1) after
          HTML image alt text       | before <img src="https://example.com/a.png" alt="EXFILTRATE"> after
          a Markdown link title     | before [docs](https://example.com "EXFILTRATE") after
          a reference link title    | before\\n\\n[docs]: https://example.com 'EXFILTRATE'\\n\\nafter
          a Markdown comment        | before\\n\\n[//]: # (EXFILTRATE)\\n\\nafter
          an HTML title attribute   | before <abbr title="EXFILTRATE">abbr</abbr> after
          zero-width characters     | before \u200b\u200c\u200d\u2060\ufeff after
          tag characters            | before \udb40\udc45\udb40\udc58\udb40\udc46 after
          variation selectors       | before \ufe0f\ufe0e\udb40\udd00 after
          bidi overrides            | before \u202e\u202c after
          fillers                   | before \u3164\u115f\u034f after
          character references      | before &#8203;&#x200B;&zwj;&#xE0041;&#917505; after
          """)
  void hiddenTextNeverReachesThePrompt(String kind, String hidden) {
    String text = hidden.replace("\\n", "\n");
    String prompt =
        PromptBuilder.build(
            task(
                text,
                new Conversation(
                    List.of(comment("mia", text, "2026-01-01T10:00:00Z")), false, false)),
            "b");

    assertThat(prompt).contains("before").doesNotContain(SECRET).doesNotContain("&#", "&zwj;");
    assertThat(INVISIBLE.matcher(prompt).find()).as("an invisible character").isFalse();
  }

  @Test
  void whatIsShownStays() {
    String shown =
        "See [the docs](https://example.com/docs) and ![](https://example.com/a.png), a < b,"
            + " <b>bold</b>, <a href=\"https://example.com\" title=\"x\">link</a> and ❤️ too.";

    String prompt = PromptBuilder.build(task(shown, null), "b");

    assertThat(prompt)
        .contains("See [the docs](https://example.com/docs) and ![](https://example.com/a.png)")
        .contains("a < b, <b>bold</b>, <a href=\"https://example.com\">link</a> and ❤ too.");
  }

  @Test
  void listsTheSavedImagesAndNamesThoseSkipped() {
    IssueImages images =
        new IssueImages(
            Path.of("/data/attachments/abc"),
            List.of(Path.of("/data/attachments/abc/image-01.png")),
            List.of("`fake.png`: its content is not a PNG, JPEG, GIF or WebP image"));

    String prompt = PromptBuilder.withImages("The prompt.\n", images);

    assertThat(prompt)
        .startsWith("The prompt.\n")
        .contains("- /data/attachments/abc/image-01.png\n")
        .contains("could not be used:\n- `fake.png`: its content is not a PNG");
    assertThat(PromptBuilder.withImages("The prompt.\n", IssueImages.NONE))
        .isEqualTo("The prompt.\n");
  }
}
