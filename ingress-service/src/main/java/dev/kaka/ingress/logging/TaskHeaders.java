package dev.kaka.ingress.logging;

import dev.kaka.common.event.TaskEvent;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.support.micrometer.KafkaRecordSenderContext;
import org.springframework.stereotype.Component;

/**
 * Puts the task's ids into the headers of every task event this service publishes, so that
 * consumers (and people reading a topic with a console tool) can tell which task a record belongs
 * to without parsing it; and tells the request's log context which task it created.
 */
@Component
class TaskHeaders implements ObservationHandler<KafkaRecordSenderContext> {

  static final String TASK_ID_HEADER = "kaka-task-id";
  static final String DELIVERY_ID_HEADER = "kaka-delivery-id";

  @Override
  public void onStart(KafkaRecordSenderContext context) {
    ProducerRecord<?, ?> record = context.getRecord();
    if (!(record.value() instanceof TaskEvent event)) {
      return;
    }
    record.headers().remove(TASK_ID_HEADER).remove(DELIVERY_ID_HEADER)
        .add(TASK_ID_HEADER, event.taskId().getBytes(StandardCharsets.UTF_8))
        .add(DELIVERY_ID_HEADER, event.deliveryId().getBytes(StandardCharsets.UTF_8));
    TaskLogContext log = TaskLogContext.current();
    if (log != null) {
      log.taskId(event.taskId());
    }
  }

  @Override
  public boolean supportsContext(Observation.Context context) {
    return context instanceof KafkaRecordSenderContext;
  }
}
