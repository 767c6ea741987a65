package dev.kaka.worker.task;

import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.RunEvent;
import dev.kaka.common.event.TaskCancelled;
import dev.kaka.common.event.TaskCompleted;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs an attempt where a cancellation or the worker's shutdown can stop it: a cancelled attempt
 * ends as {@link TaskCancelled}, one the shutdown stopped with {@link TaskAbandonedException}. A
 * completed attempt stands whatever came after it, since its change is already pushed.
 */
final class CancellableAttempt {

  private final Cancellations cancellations;
  private final TaskEvents events;

  CancellableAttempt(Cancellations cancellations, TaskEvents events) {
    this.cancellations = cancellations;
    this.events = events;
  }

  /** The attempt's end if it was cancelled before it started. */
  Optional<TaskCancelled> cancelledBeforeStart(IssueTriggered task) {
    return cancelledBy(task).map(requester -> events.cancelled(task, requester));
  }

  /**
   * @return the attempt's outcome, or its cancellation
   * @throws TaskAbandonedException when the worker's shutdown stopped it
   */
  RunEvent run(IssueTriggered task, Supplier<RunEvent> attempt) {
    RunEvent outcome = interruptibly(task, attempt);
    if (outcome instanceof TaskCompleted) {
      return outcome;
    }
    Optional<String> cancelledBy = cancelledBy(task);
    if (cancelledBy.isPresent()) {
      return events.cancelled(task, cancelledBy.get());
    }
    if (cancellations.abandoning()) {
      throw new TaskAbandonedException(task.taskId(), task.attempt());
    }
    return outcome;
  }

  /** The attempt's outcome; null when a cancellation or the shutdown came before it started. */
  private RunEvent interruptibly(IssueTriggered task, Supplier<RunEvent> attempt) {
    cancellations.started(task.taskId(), task.attempt(), Thread.currentThread());
    try {
      // a request that came before this thread was registered could not interrupt it
      if (cancelledBy(task).isPresent() || cancellations.abandoning()) {
        return null;
      }
      return attempt.get();
    } finally {
      cancellations.finished(task.taskId(), task.attempt());
    }
  }

  private Optional<String> cancelledBy(IssueTriggered task) {
    return cancellations.requester(task.taskId(), task.attempt());
  }
}
