package dev.kaka.support.git;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class BranchNameRuleTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "main",
        "master",
        "develop",
        "release/1.x",
        "release/2.x",
        "feature/a-b_c.d",
        "v2.0",
        "日本",
        "kaka/issue-42-fix-login-redirect",
        "a@b",
        "x.lockfile"
      })
  void acceptsRealBranchNames(String name) {
    assertThat(BranchNameRule.isValid(name)).isTrue();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "-f",
        "--upload-pack=x",
        "a..b",
        "a b",
        "tab\there",
        "nul\u0000char",
        "del\u007fete",
        "a~1",
        "a^",
        "a:b",
        "a?",
        "a*",
        "a[b",
        "a\\b",
        "main.lock",
        "x.lock/y",
        ".hidden",
        "a/.hidden",
        "a@{1}",
        "@",
        "/a",
        "a/",
        "a//b",
        "a."
      })
  void refusesWhatGitWouldRefuseOrReadAsAnOption(String name) {
    assertThat(BranchNameRule.isValid(name)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {256, 1000})
  void refusesNamesTooLongForAFile(int length) {
    assertThat(BranchNameRule.isValid("a".repeat(length))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"kaka/", "", "bot/", "team/kaka-", "a.b/"})
  void acceptsPrefixesOfPlainCharacters(String prefix) {
    assertThat(BranchNameRule.isValidPrefix(prefix)).isTrue();
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "bad..prefix/",
        "x.lock/",
        "-/",
        "-kaka/",
        "with space/",
        "tilde~/",
        "/",
        "ü/",
        ".hidden/",
        "a//"
      })
  void refusesPrefixesThatCannotStartABranchName(String prefix) {
    assertThat(BranchNameRule.isValidPrefix(prefix)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {101, 200})
  void refusesLongPrefixes(int length) {
    assertThat(BranchNameRule.isValidPrefix("a".repeat(length - 1) + "/")).isFalse();
  }
}
