package dev.kaka.support.logging;

import dev.kaka.common.event.TaskEvent;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.support.micrometer.KafkaRecordSenderContext;

/**
 * Puts the task's ids into the headers of every task event a service publishes, so that a
 * consumer (or someone reading a topic with a console tool) can tell which task a record belongs to
 * before, or without, parsing it. Needs {@code spring.kafka.template.observation-enabled}.
 */
final class TaskHeaders implements ObservationHandler<KafkaRecordSenderContext> {

  static final String TASK_ID_HEADER = "kaka-task-id";
  static final String DELIVERY_ID_HEADER = "kaka-delivery-id";

  @Override
  public void onStart(KafkaRecordSenderContext context) {
    ProducerRecord<?, ?> record = context.getRecord();
    if (record.value() instanceof TaskEvent event) {
      record.headers().remove(TASK_ID_HEADER).remove(DELIVERY_ID_HEADER)
          .add(TASK_ID_HEADER, event.taskId().getBytes(StandardCharsets.UTF_8))
          .add(DELIVERY_ID_HEADER, event.deliveryId().getBytes(StandardCharsets.UTF_8));
    }
  }

  @Override
  public boolean supportsContext(Observation.Context context) {
    return context instanceof KafkaRecordSenderContext;
  }
}
