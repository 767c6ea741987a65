package dev.kaka.worker.task;

import dev.kaka.common.Topics;
import dev.kaka.common.event.RunEvent;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes task events and waits for the broker's acknowledgement, so that the triggering record
 * is committed only after its outcome is durable.
 */
@Component
class TaskEventPublisher {

  private final KafkaTemplate<String, RunEvent> kafka;

  TaskEventPublisher(KafkaTemplate<String, RunEvent> kafka) {
    this.kafka = kafka;
  }

  void publish(RunEvent event) {
    try {
      kafka.send(Topics.TASK_EVENTS, event.partitionKey(), event).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OutcomeNotPublishedException("interrupted while publishing " + describe(event), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new OutcomeNotPublishedException("could not publish " + describe(event), e);
    }
  }

  private static String describe(RunEvent event) {
    return event.getClass().getSimpleName() + " of task " + event.taskId();
  }
}
