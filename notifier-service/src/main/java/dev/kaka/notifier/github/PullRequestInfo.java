package dev.kaka.notifier.github;

/** A pull request that is open on GitHub. */
public record PullRequestInfo(int number, String url) {}
