package dev.kaka.ingress.trigger;

/**
 * What became of a trigger.
 *
 * @param taskId the task queued, attached to or asked to stop; null when none
 * @param message why, in words for GitHub's delivery log
 */
public record Dispatched(Outcome outcome, String taskId, String message) {

  /** Nothing to do, for {@code reason}. */
  static Dispatched ignored(String reason) {
    return new Dispatched(Outcome.IGNORED, null, reason);
  }

  public enum Outcome {
    /** A new task is in the queue. */
    QUEUED,
    /** The issue already has a task in progress, which this trigger joins. */
    ATTACHED,
    /** The task was asked to stop. */
    CANCEL_REQUESTED,
    /** Kaka will not act on this trigger; the requester is told why. */
    REFUSED,
    /** Nothing to do. */
    IGNORED
  }
}
