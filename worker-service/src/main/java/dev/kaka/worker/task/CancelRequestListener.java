package dev.kaka.worker.task;

import dev.kaka.common.Topics;
import dev.kaka.common.event.CancelRequested;
import dev.kaka.common.event.TaskEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Hears every cancellation on the control topic. Each worker process reads the whole topic in a
 * consumer group of its own, since any replica may hold the task or receive it later.
 */
@Component
class CancelRequestListener {

  static final String ID = "kaka-worker-control";

  private static final Logger log = LoggerFactory.getLogger(CancelRequestListener.class);

  private final Cancellations cancellations;

  CancelRequestListener(Cancellations cancellations) {
    this.cancellations = cancellations;
  }

  @KafkaListener(
      id = ID,
      topics = Topics.TASK_CONTROL,
      groupId = "kaka-worker-control-#{T(java.util.UUID).randomUUID()}",
      properties = "auto.offset.reset=earliest")
  void on(TaskEvent event) {
    if (event instanceof CancelRequested request) {
      log.info("Task {} cancellation requested by {}", request.taskId(), request.requester());
      cancellations.request(request.taskId(), request.attempt(), request.requester());
    }
  }
}
