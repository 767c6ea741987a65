package dev.kaka.worker.git;

/**
 * The agent's change holds something Kaka will not push: a symbolic link that leads out of the
 * repository, a workflow file, a path git cannot store. Never retryable: the same change would be
 * refused again. The message names the paths and is meant for the issue.
 */
public final class ChangeRefusedException extends GitOperationException {

  ChangeRefusedException(String message) {
    super(message, false);
  }
}
