package dev.kaka.support.github;

/**
 * GitHub refused the App, or did not answer it: no installation token for a repository, or no word
 * on who its bot user is. The message says why and what to change, and never carries a credential,
 * so it may be shown on an issue.
 */
public class GitHubAppException extends RuntimeException {

  private final boolean retryable;

  GitHubAppException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /**
   * Whether asking again unchanged may succeed (GitHub down, a rate limit); false when someone must
   * act first (install the App on the repository, grant it a permission, fix its key).
   */
  public boolean retryable() {
    return retryable;
  }
}
