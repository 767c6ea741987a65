package dev.kaka.worker.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaka.support.git.BranchNameRule;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class BranchNamesTest {

  @ParameterizedTest(name = "\"{1}\" -> {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      textBlock =
"""
42 | Fix login redirect                                      | kaka/issue-42-fix-login-redirect
7  | Ünïcödé ẞtraße 🚀                                        | kaka/issue-7-unicode-sstrasse
8  | Crème brûlée, smørrebrød & Łódź                         | kaka/issue-8-creme-brulee-smorrebrod-lodz
8  | Straße                                                  | kaka/issue-8-strasse
9  | İstanbul ＦＵＬＬＷＩＤＴＨ ﬁle                           | kaka/issue-9-istanbul-fullwidth-file
1  | a..b                                                    | kaka/issue-1-a-b
1  | x.lock                                                  | kaka/issue-1-x-lock
1  | '~^:?*[\\'                                              | kaka/issue-1
1  | @{upstream}                                             | kaka/issue-1-upstream
1  | ...leading dots                                         | kaka/issue-1-leading-dots
1  | --leading-and-trailing-dashes--                         | kaka/issue-1-leading-and-trailing-dashes
1  | refs/heads/main                                         | kaka/issue-1-refs-heads-main
1  | 🚀🚀🚀 !!! ###                                            | kaka/issue-1
1  | 修复登录错误                                              | kaka/issue-1
3  | Refactor the authentication middleware to support many  | kaka/issue-3-refactor-the-authentication-middleware
3  | aaaaaaaaa bbbbbbbbb ccccccccc dddddddddd eee             | kaka/issue-3-aaaaaaaaa-bbbbbbbbb-ccccccccc-dddddddddd
3  | Supercalifragilisticexpialidocious-and-more-and-more     | kaka/issue-3-supercalifragilisticexpialidocious-and
3  | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | kaka/issue-3-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
3  | 'a b aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' | kaka/issue-3-a-b-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
""")
  void branchNameIsAValidRefWithASlugOfTheTitle(int number, String title, String expected) {
    String name = BranchNames.forIssue(number, title);

    assertThat(name).isEqualTo(expected);
    assertValid(name);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   ", "\t\n", "-", ".", "/", "..", "\u0000\u0007\u001b", "\u0301\u0308"})
  void titleWithoutLettersOrDigitsGivesTheBareIssueBranch(String title) {
    assertThat(BranchNames.forIssue(5, title)).isEqualTo("kaka/issue-5");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "tab\there",
        "new\nline",
        "nul\u0000char",
        "bell\u0007ring",
        "del\u007fete",
        "a b"
      })
  void controlCharactersAndSpacesBecomeDashes(String title) {
    String name = BranchNames.forIssue(6, title);

    assertThat(name).matches("kaka/issue-6-[a-z]+-[a-z]+");
    assertValid(name);
  }

  @ParameterizedTest
  @CsvSource({
    "bot/, bot/issue-3-fix-it",
    "'', issue-3-fix-it",
    "team/kaka-, team/kaka-issue-3-fix-it"
  })
  void prefixIsAParameter(String prefix, String expected) {
    assertThat(BranchNames.forIssue(prefix, 3, "Fix it")).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"bad..prefix/", "-kaka/", "ü/"})
  void invalidPrefixIsRefused(String prefix) {
    assertThatThrownBy(() -> BranchNames.forIssue(prefix, 1, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot start a git branch name");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1})
  void issueNumbersStartAtOne(int number) {
    assertThatThrownBy(() -> BranchNames.forIssue(number, "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 39, 40, 41, 60, 500})
  void slugNeverExceedsItsLimitNorEndsWithADash(int length) {
    String title = "word ".repeat(length).substring(0, length);

    String slug = BranchNames.slug(title);

    assertThat(slug).hasSizeLessThanOrEqualTo(BranchNames.MAX_SLUG_LENGTH).doesNotEndWith("-");
    assertValid(BranchNames.forIssue(99999, title));
  }

  private static void assertValid(String branch) {
    assertThat(BranchNameRule.isValid(branch)).as("Kaka's rule: %s", branch).isTrue();
    assertThat(Repository.isValidRefName("refs/heads/" + branch))
        .as("valid ref: %s", branch)
        .isTrue();
    assertThat(branch)
        .doesNotContain("..", "@{", " ", "~", "^", ":", "?", "*", "[", "\\")
        .doesNotEndWith(".lock");
  }
}
