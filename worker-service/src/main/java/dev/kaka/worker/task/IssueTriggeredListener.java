package dev.kaka.worker.task;

import dev.kaka.common.Topics;
import dev.kaka.common.event.ChecksFailed;
import dev.kaka.common.event.EventVersions;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.RunEvent;
import dev.kaka.common.event.TaskFailed;
import dev.kaka.common.event.TriggerEvent;
import dev.kaka.common.event.TriggerRefused;
import java.nio.ByteBuffer;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.retrytopic.RetryTopicHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * Takes triggered tasks off the topic and off its retry topics. The record is committed only after
 * the outcome is published, so a worker that dies mid-task leaves it to be picked up again. A
 * retryable failure is thrown back to the retry topics (see {@link TaskRetryConfiguration}), which
 * deliver the task again after a pause: each delivery is a new attempt. An event of a schema
 * version newer than this worker reads goes to the dead letters (see {@link EventVersions}).
 */
@Component
class IssueTriggeredListener {

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
      TriggerEvent event,
      @Header(name = RetryTopicHeaders.DEFAULT_HEADER_ATTEMPTS, required = false) byte[] delivery) {
    EventVersions.requireReadable(event);
    int retries = delivery == null ? 0 : ByteBuffer.wrap(delivery).getInt() - 1;
    event.accept(new Delivery(retries));
  }

  /** One delivery of a trigger event, the {@code retries}-th from a retry topic. */
  private final class Delivery implements TriggerEvent.Handler<Void> {

    private final int retries;

    Delivery(int retries) {
      this.retries = retries;
    }

    @Override
    public Void issueTriggered(IssueTriggered triggered) {
      IssueTriggered task = triggered.withAttempt(triggered.attempt() + retries);
      RunEvent outcome = runner.run(task, triggered.attempt() + worker.maxRetries());
      // the retry topics count the deliveries: after the last one the record goes to the dead
      // letters
      if (outcome instanceof TaskFailed failed && failed.retryable()) {
        throw new RetryableTaskFailure(task.taskId(), task.attempt(), failed.failure().name());
      }
      return null;
    }

    @Override
    public Void triggerRefused(TriggerRefused refused) {
      // no task exists: the notifier answers the requester
      return null;
    }

    @Override
    public Void checksFailed(ChecksFailed failed) {
      // no task exists: the notifier tells the pull request
      return null;
    }
  }
}
