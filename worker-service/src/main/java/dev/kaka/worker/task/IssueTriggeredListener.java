package dev.kaka.worker.task;

import dev.kaka.common.Topics;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.TaskEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Takes triggered tasks off the topic. The record is committed only after the outcome is published,
 * so a worker that dies mid-task leaves it to be picked up again.
 */
@Component
class IssueTriggeredListener {

  private static final Logger log = LoggerFactory.getLogger(IssueTriggeredListener.class);

  private final TaskRunner runner;

  IssueTriggeredListener(TaskRunner runner) {
    this.runner = runner;
  }

  @KafkaListener(id = "kaka-worker", topics = Topics.ISSUE_TRIGGERED,
      concurrency = "${kaka.worker.concurrency:2}")
  void on(TaskEvent event) {
    if (!(event instanceof IssueTriggered task)) {
      log.warn("Skipped a {} on {}", event.getClass().getSimpleName(), Topics.ISSUE_TRIGGERED);
      return;
    }
    if (task.schemaVersion() != TaskEvent.SCHEMA_VERSION) {
      log.error("Skipped task {} with unknown schema version {}", task.taskId(), task.schemaVersion());
      return;
    }
    runner.run(task);
  }
}
