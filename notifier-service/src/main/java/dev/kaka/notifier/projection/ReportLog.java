package dev.kaka.notifier.projection;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The topic {@value #TOPIC}: every report the notifier made to GitHub, appended before the task
 * store records it. Pull requests are the one thing in the projection that the task events do not
 * carry (GitHub numbers them), so this log is what lets {@link ProjectionRebuild} rebuild the
 * projection from the topics alone. Kept forever, like the events.
 */
@Component
class ReportLog {

  static final String TOPIC = "kaka.task-reports";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final KafkaTemplate<String, String> kafka;

  ReportLog(KafkaTemplate<String, String> kafka) {
    this.kafka = kafka;
  }

  /** Appends {@code reported}, keyed like the task's events; returns once Kafka has it. */
  void append(String partitionKey, Reported reported) {
    try {
      kafka.send(TOPIC, partitionKey, JSON.writeValueAsString(reported)).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while logging a report of " + reported.taskId(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not log a report of " + reported.taskId(), e);
    }
  }

  static Reported read(String value) {
    return JSON.readValue(value, Reported.class);
  }
}
