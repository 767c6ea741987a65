package dev.kaka.notifier.report;

import dev.kaka.common.Topics;
import dev.kaka.common.event.ChecksFailed;
import dev.kaka.common.event.EventVersions;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.RunEvent;
import dev.kaka.common.event.TaskCancelled;
import dev.kaka.common.event.TaskCompleted;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TaskFailed;
import dev.kaka.common.event.TaskProgressed;
import dev.kaka.common.event.TaskStarted;
import dev.kaka.common.event.TriggerEvent;
import dev.kaka.common.event.TriggerRefused;
import dev.kaka.notifier.github.PullRequestInfo;
import dev.kaka.notifier.projection.Progress;
import dev.kaka.notifier.projection.TaskStore;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes both topics in one listener: with equal partition counts, the range assignor hands a
 * consumer the same partitions of each, so one thread sees all events of an issue. Each topic's
 * events come as that topic's interface and are handled by type, one method each; an event of a
 * schema version newer than this notifier reads goes to the dead letters (see {@link
 * EventVersions}).
 */
@Component
@KafkaListener(
    id = "kaka-notifier",
    topics = {Topics.ISSUE_TRIGGERED, Topics.TASK_EVENTS})
class TaskEventListener implements TriggerEvent.Handler<Void>, RunEvent.Handler<Void> {

  private static final Logger log = LoggerFactory.getLogger(TaskEventListener.class);

  private final TaskStore store;
  private final TaskReporter reporter;

  TaskEventListener(TaskStore store, TaskReporter reporter) {
    this.store = store;
    this.reporter = reporter;
  }

  @KafkaHandler
  void on(TriggerEvent event) {
    EventVersions.requireReadable(event);
    event.accept(this);
  }

  @KafkaHandler
  void on(RunEvent event) {
    EventVersions.requireReadable(event);
    event.accept(this);
  }

  @Override
  public Void issueTriggered(IssueTriggered event) {
    return record(event, withoutPullRequest(() -> reporter.queued(event)));
  }

  @Override
  public Void triggerRefused(TriggerRefused event) {
    reporter.refuse(event);
    return null;
  }

  @Override
  public Void checksFailed(ChecksFailed event) {
    reporter.checksFailed(event);
    return null;
  }

  @Override
  public Void taskStarted(TaskStarted event) {
    return record(event, withoutPullRequest(() -> reporter.running(event)));
  }

  @Override
  public Void taskProgressed(TaskProgressed event) {
    // Progress goes to the task store only: editing the issue comment on every report would
    // spend GitHub's rate limit and notify watchers for nothing.
    store.recordProgress(event);
    return null;
  }

  @Override
  public Void taskCompleted(TaskCompleted event) {
    return record(event, () -> reporter.completed(event));
  }

  @Override
  public Void taskFailed(TaskFailed event) {
    return record(event, withoutPullRequest(() -> reporter.failed(event)));
  }

  @Override
  public Void taskCancelled(TaskCancelled event) {
    return record(event, withoutPullRequest(() -> reporter.cancelled(event)));
  }

  /** Projects {@code event}, and reports it unless as much or more was reported already. */
  private Void record(TaskEvent event, Supplier<PullRequestInfo> report) {
    store.project(event);
    if (Progress.of(event) > store.reportedProgress(event.taskId())) {
      store.recordReported(event, report.get());
    }
    log.info(
        "Task {} {} (attempt {}) recorded",
        event.taskId(),
        event.getClass().getSimpleName(),
        event.attempt());
    return null;
  }

  /** A report that opens no pull request. */
  private static Supplier<PullRequestInfo> withoutPullRequest(Runnable report) {
    return () -> {
      report.run();
      return null;
    };
  }
}
