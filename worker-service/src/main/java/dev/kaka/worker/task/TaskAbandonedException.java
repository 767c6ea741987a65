package dev.kaka.worker.task;

/**
 * The worker's shutdown stopped a task before it ended: nothing about it is published, and its
 * record stays uncommitted, so that another worker (or this one, restarted) runs the same attempt
 * again. Neither a failure nor a retry: see {@link TaskRetryConfiguration}.
 */
class TaskAbandonedException extends RuntimeException {

  TaskAbandonedException(String taskId, int attempt) {
    super(
        "Task "
            + taskId
            + " attempt "
            + attempt
            + " was stopped by the worker's shutdown;"
            + " another worker runs it again");
  }
}
