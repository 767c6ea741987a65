package dev.kaka.worker.task;

/**
 * An attempt failed in a way that may pass on its own (say, the network): thrown after its {@code
 * TaskFailed} is published so that the retry topics run the task again later.
 */
class RetryableTaskFailure extends RuntimeException {

  RetryableTaskFailure(String taskId, int attempt, String failure) {
    super(
        "Task "
            + taskId
            + " attempt "
            + attempt
            + " failed with "
            + failure
            + ", which may pass if run again");
  }
}
