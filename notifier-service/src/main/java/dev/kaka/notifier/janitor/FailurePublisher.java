package dev.kaka.notifier.janitor;

import dev.kaka.common.Topics;
import dev.kaka.common.event.RunEvent;
import dev.kaka.common.event.TaskFailed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes the janitor's failures on {@value Topics#TASK_EVENTS}, keyed like the task's other
 * events: on the partition they come after any outcome already published, and take the
 * normal path into the projection, onto GitHub and into a rebuild of the projection.
 */
final class FailurePublisher {

  private static final ObjectWriter JSON = JsonMapper.builder().build().writerFor(RunEvent.class);

  private final KafkaTemplate<String, String> kafka;

  FailurePublisher(KafkaTemplate<String, String> kafka) {
    this.kafka = kafka;
  }

  /** Publishes {@code failed}; returns once Kafka has it. */
  void publish(TaskFailed failed) {
    try {
      kafka
          .send(Topics.TASK_EVENTS, failed.partitionKey(), JSON.writeValueAsString(failed))
          .get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while failing task " + failed.taskId(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not publish the failure of " + failed.taskId(), e);
    }
  }
}
