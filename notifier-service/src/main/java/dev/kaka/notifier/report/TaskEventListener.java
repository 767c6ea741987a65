package dev.kaka.notifier.report;

import dev.kaka.common.Topics;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TaskProgressed;
import dev.kaka.common.event.TriggerRefused;
import dev.kaka.notifier.projection.Progress;
import dev.kaka.notifier.projection.TaskStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes both topics in one listener: with equal partition counts, the range assignor hands a
 * consumer the same partitions of each, so one thread sees all events of an issue.
 */
@Component
class TaskEventListener {

  private static final Logger log = LoggerFactory.getLogger(TaskEventListener.class);

  private final TaskStore store;
  private final TaskReporter reporter;

  TaskEventListener(TaskStore store, TaskReporter reporter) {
    this.store = store;
    this.reporter = reporter;
  }

  @KafkaListener(
      id = "kaka-notifier",
      topics = {Topics.ISSUE_TRIGGERED, Topics.TASK_EVENTS})
  void on(TaskEvent event) {
    if (event.schemaVersion() != TaskEvent.SCHEMA_VERSION) {
      throw new UnsupportedSchemaVersionException(event.taskId(), event.schemaVersion());
    }
    if (event instanceof TriggerRefused refused) {
      reporter.refuse(refused);
      return;
    }
    if (event instanceof TaskProgressed progressed) {
      // Progress goes to the task store only: editing the issue comment on every report would
      // spend GitHub's rate limit and notify watchers for nothing.
      store.recordProgress(progressed);
      return;
    }
    store.project(event);
    if (Progress.of(event) > store.reportedProgress(event.taskId())) {
      store.recordReported(event, reporter.report(event));
    }
    log.info(
        "Task {} {} (attempt {}) recorded",
        event.taskId(),
        event.getClass().getSimpleName(),
        event.attempt());
  }
}
