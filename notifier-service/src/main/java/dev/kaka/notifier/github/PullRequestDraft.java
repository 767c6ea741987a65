package dev.kaka.notifier.github;

/** A pull request to open. */
public record PullRequestDraft(String title, String head, String base, String body) {}
