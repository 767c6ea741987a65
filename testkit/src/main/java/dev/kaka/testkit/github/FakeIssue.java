package dev.kaka.testkit.github;

/** An issue as seen by a test right after it was opened on {@link FakeGitHub}. */
public record FakeIssue(int number, String title, String body, String author, String htmlUrl) {}
