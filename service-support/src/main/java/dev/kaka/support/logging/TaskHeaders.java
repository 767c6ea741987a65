package dev.kaka.support.logging;

import dev.kaka.common.event.TaskEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Puts the task's ids into the headers of every task event a service publishes, so that a consumer
 * (or someone reading a topic with a console tool) can tell which task a record belongs to before,
 * or without, parsing it. A producer interceptor, so it does not depend on the template's
 * observation, which the ingress turns off for its cost per webhook.
 */
public final class TaskHeaders implements ProducerInterceptor<Object, Object> {

  static final String TASK_ID_HEADER = "kaka-task-id";
  static final String DELIVERY_ID_HEADER = "kaka-delivery-id";

  @Override
  public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
    if (record.value() instanceof TaskEvent event) {
      record
          .headers()
          .remove(TASK_ID_HEADER)
          .remove(DELIVERY_ID_HEADER)
          .add(TASK_ID_HEADER, event.taskId().getBytes(StandardCharsets.UTF_8))
          .add(DELIVERY_ID_HEADER, event.deliveryId().getBytes(StandardCharsets.UTF_8));
    }
    return record;
  }

  @Override
  public void onAcknowledgement(RecordMetadata metadata, Exception failure) {}

  @Override
  public void close() {}

  @Override
  public void configure(Map<String, ?> configs) {}
}
