package dev.kaka.worker.git;

/**
 * A git operation failed. The message is meant for a repository maintainer and never contains a
 * credential, so it may be published on the issue as it is.
 */
public class GitOperationException extends RuntimeException {

  private final boolean retryable;

  public GitOperationException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  public GitOperationException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /**
   * Whether running the same task again may succeed without anyone changing anything: true for
   * network and server trouble, false for a missing repository, a refused token or a rejected push.
   */
  public boolean retryable() {
    return retryable;
  }
}
