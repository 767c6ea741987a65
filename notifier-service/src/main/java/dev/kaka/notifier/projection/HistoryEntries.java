package dev.kaka.notifier.projection;

import dev.kaka.common.event.ChecksFailed;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.RunEvent;
import dev.kaka.common.event.TaskCancelled;
import dev.kaka.common.event.TaskCompleted;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TaskFailed;
import dev.kaka.common.event.TaskProgressed;
import dev.kaka.common.event.TaskStarted;
import dev.kaka.common.event.TriggerEvent;
import dev.kaka.common.event.TriggerKind;
import dev.kaka.common.event.TriggerRefused;
import dev.kaka.taskstore.AuditDocument.HistoryEntry;
import java.util.Locale;
import java.util.Optional;

/**
 * What each event adds to a task's history: who triggered, retried or cancelled it, and when its
 * runs started and ended. Progress adds nothing, nor does a refused trigger, which is no task.
 */
final class HistoryEntries
    implements TriggerEvent.Handler<Optional<HistoryEntry>>,
        RunEvent.Handler<Optional<HistoryEntry>> {

  private static final HistoryEntries ENTRIES = new HistoryEntries();

  private HistoryEntries() {}

  static Optional<HistoryEntry> of(TaskEvent event) {
    if (event instanceof TriggerEvent trigger) {
      return trigger.accept(ENTRIES);
    }
    if (event instanceof RunEvent run) {
      return run.accept(ENTRIES);
    }
    return Optional.empty();
  }

  @Override
  public Optional<HistoryEntry> issueTriggered(IssueTriggered event) {
    boolean retry = event.trigger().kind() == TriggerKind.RETRY;
    return entry(
        event,
        retry ? "retried" : "triggered",
        event.trigger().requester(),
        retry ? null : event.trigger().kind().name().toLowerCase(Locale.ROOT));
  }

  @Override
  public Optional<HistoryEntry> triggerRefused(TriggerRefused event) {
    return Optional.empty();
  }

  @Override
  public Optional<HistoryEntry> checksFailed(ChecksFailed event) {
    return Optional.empty();
  }

  @Override
  public Optional<HistoryEntry> taskStarted(TaskStarted event) {
    return entry(event, "started", event.worker(), "on branch " + event.branch());
  }

  @Override
  public Optional<HistoryEntry> taskProgressed(TaskProgressed event) {
    return Optional.empty();
  }

  @Override
  public Optional<HistoryEntry> taskCompleted(TaskCompleted event) {
    return entry(event, "completed", null, "pushed " + event.headSha());
  }

  @Override
  public Optional<HistoryEntry> taskFailed(TaskFailed event) {
    return entry(
        event,
        "failed",
        null,
        event.failure().name() + (event.willRetry() ? ", retried automatically" : ""));
  }

  @Override
  public Optional<HistoryEntry> taskCancelled(TaskCancelled event) {
    return entry(event, "cancelled", event.requester(), null);
  }

  /** Keyed by the kind of entry and the attempt: each happens once per attempt. */
  private static Optional<HistoryEntry> entry(
      TaskEvent event, String what, String by, String detail) {
    String kind = what.equals("retried") ? "triggered" : what;
    return Optional.of(
        new HistoryEntry(
            kind + ":" + event.attempt(), what, event.attempt(), by, detail, event.occurredAt()));
  }
}
