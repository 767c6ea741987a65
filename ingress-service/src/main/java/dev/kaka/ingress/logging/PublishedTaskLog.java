package dev.kaka.ingress.logging;

import dev.kaka.common.event.TaskEvent;

/**
 * Tells the request's log context which task it is about, as the task's event is published: the
 * task id is known only from then on, and every later line of the request carries it.
 */
public final class PublishedTaskLog {

  private PublishedTaskLog() {}

  /** Called on the thread that publishes {@code event}, within the request's log context. */
  public static void publishing(TaskEvent event) {
    TaskLogContext log = TaskLogContext.current();
    if (log != null) {
      log.taskId(event.taskId());
    }
  }
}
