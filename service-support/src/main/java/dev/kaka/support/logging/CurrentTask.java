package dev.kaka.support.logging;

import java.util.Optional;
import org.slf4j.MDC;

/**
 * The task the current thread works for, as its log lines name it: set while a listener handles a
 * task event (see {@link TaskLogContext}).
 */
public final class CurrentTask {

  private CurrentTask() {}

  public static Optional<String> id() {
    return Optional.ofNullable(MDC.get(TaskLogContext.TASK_ID));
  }
}
