package dev.kaka.testkit.github;

/**
 * A snapshot of a pull request on {@link FakeGitHub}.
 *
 * @param head the head branch name, without an {@code owner:} prefix
 * @param base the base branch name
 * @param state {@code open} or {@code closed}, as GitHub spells it
 * @param user login of the author
 */
public record FakePullRequest(
    int number,
    String title,
    String body,
    String head,
    String base,
    String state,
    boolean draft,
    String user,
    String htmlUrl) {}
