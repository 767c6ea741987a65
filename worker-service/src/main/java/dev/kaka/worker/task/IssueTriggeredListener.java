package dev.kaka.worker.task;

import dev.kaka.common.Topics;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TaskFailed;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.retrytopic.RetryTopicHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * Takes triggered tasks off the topic and off its retry topics. The record is committed only after
 * the outcome is published, so a worker that dies mid-task leaves it to be picked up again. A
 * retryable failure is thrown back to the retry topics (see {@link TaskRetryConfiguration}), which
 * deliver the task again after a pause: each delivery is a new attempt.
 */
@Component
class IssueTriggeredListener {

  private static final Logger log = LoggerFactory.getLogger(IssueTriggeredListener.class);

  private final TaskRunner runner;
  private final WorkerProperties worker;

  IssueTriggeredListener(TaskRunner runner, WorkerProperties worker) {
    this.runner = runner;
    this.worker = worker;
  }

  // a worker whose agent sandbox does not work takes no task: another worker may have one
  @KafkaListener(
      id = "kaka-worker",
      topics = Topics.ISSUE_TRIGGERED,
      concurrency = "${kaka.worker.concurrency:2}",
      autoStartup = "#{@agentSandbox.problem().isEmpty()}")
  void on(
      TaskEvent event,
      @Header(name = RetryTopicHeaders.DEFAULT_HEADER_ATTEMPTS, required = false) byte[] delivery) {
    if (!(event instanceof IssueTriggered triggered)) {
      log.warn("Skipped a {} on {}", event.getClass().getSimpleName(), Topics.ISSUE_TRIGGERED);
      return;
    }
    if (triggered.schemaVersion() != TaskEvent.SCHEMA_VERSION) {
      throw new UnsupportedSchemaVersionException(triggered.taskId(), triggered.schemaVersion());
    }
    int retries = delivery == null ? 0 : ByteBuffer.wrap(delivery).getInt() - 1;
    IssueTriggered task = triggered.withAttempt(triggered.attempt() + retries);
    TaskEvent outcome = runner.run(task, triggered.attempt() + worker.maxRetries());
    // the retry topics count the deliveries: after the last one the record goes to the dead letters
    if (outcome instanceof TaskFailed failed && failed.retryable()) {
      throw new RetryableTaskFailure(task.taskId(), task.attempt(), failed.failure().name());
    }
  }
}
