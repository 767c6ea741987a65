package dev.kaka.ingress.logging;

import dev.kaka.common.event.TaskEvent;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.springframework.kafka.support.micrometer.KafkaRecordSenderContext;
import org.springframework.stereotype.Component;

/**
 * Tells the request's log context which task it created, once the task's first event is published.
 * The record's task-id headers are service-support's.
 */
@Component
class PublishedTaskLog implements ObservationHandler<KafkaRecordSenderContext> {

  @Override
  public void onStart(KafkaRecordSenderContext context) {
    TaskLogContext log = TaskLogContext.current();
    if (log != null && context.getRecord().value() instanceof TaskEvent event) {
      log.taskId(event.taskId());
    }
  }

  @Override
  public boolean supportsContext(Observation.Context context) {
    return context instanceof KafkaRecordSenderContext;
  }
}
