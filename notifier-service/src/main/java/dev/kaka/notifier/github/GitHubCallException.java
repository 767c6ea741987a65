package dev.kaka.notifier.github;

/** A GitHub API call failed; the message names the call and never carries a credential. */
public class GitHubCallException extends RuntimeException {

  public GitHubCallException(String message, Throwable cause) {
    super(message, cause);
  }
}
