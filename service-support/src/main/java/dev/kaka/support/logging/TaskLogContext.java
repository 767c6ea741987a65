package dev.kaka.support.logging;

import dev.kaka.common.event.TaskEvent;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.MDC;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

/**
 * While a listener handles a task event, every log line on its thread carries the task's {@code
 * taskId} and {@code deliveryId}: from the record's headers, or from the event itself when a
 * producer did not set them. Needs {@code spring.kafka.listener.observation-enabled}.
 */
final class TaskLogContext implements ObservationHandler<KafkaRecordReceiverContext> {

  static final String TASK_ID = "taskId";
  static final String DELIVERY_ID = "deliveryId";

  @Override
  public void onScopeOpened(KafkaRecordReceiverContext context) {
    ConsumerRecord<?, ?> record = context.getRecord();
    TaskEvent event = record.value() instanceof TaskEvent taskEvent ? taskEvent : null;
    put(TASK_ID, header(record, TaskHeaders.TASK_ID_HEADER), event == null ? null : event.taskId());
    put(
        DELIVERY_ID,
        header(record, TaskHeaders.DELIVERY_ID_HEADER),
        event == null ? null : event.deliveryId());
  }

  @Override
  public void onScopeClosed(KafkaRecordReceiverContext context) {
    MDC.remove(TASK_ID);
    MDC.remove(DELIVERY_ID);
  }

  @Override
  public boolean supportsContext(Observation.Context context) {
    return context instanceof KafkaRecordReceiverContext;
  }

  private static void put(String key, String fromHeader, String fromEvent) {
    String value = fromHeader != null ? fromHeader : fromEvent;
    if (value != null) {
      MDC.put(key, value);
    }
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
