package dev.kaka.notifier.projection;

import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TaskProgressed;
import dev.kaka.common.event.TaskStarted;

/**
 * Orders a task's events although they arrive on two topics: a later attempt outranks an earlier
 * one, and within an attempt queued < running (started, progressed) < finished. An event that ranks
 * below what is already recorded is stale and changes no status.
 */
public final class Progress {

  private Progress() {}

  public static int of(TaskEvent event) {
    int stage;
    if (event instanceof IssueTriggered) {
      stage = 1;
    } else if (event instanceof TaskStarted || event instanceof TaskProgressed) {
      stage = 2;
    } else {
      stage = 3;
    }
    return event.attempt() * 10 + stage;
  }
}
