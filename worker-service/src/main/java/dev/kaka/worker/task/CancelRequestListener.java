package dev.kaka.worker.task;

import dev.kaka.common.Topics;
import dev.kaka.common.event.CancelRequested;
import dev.kaka.common.event.ControlEvent;
import dev.kaka.common.event.EventVersions;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

/**
 * Hears every cancellation on the control topic. Each worker process reads all of the topic's
 * partitions, since any replica may hold the task or receive it later, and does so without a
 * consumer group: it assigns the partitions to itself, so its starts leave no group behind on the
 * broker. It starts at the requests of the last {@code kaka.worker.max-trigger-age}: an older one
 * is for a trigger that no worker runs any more.
 */
@Component
class CancelRequestListener implements ConsumerSeekAware {

  static final String ID = "kaka-worker-control";

  private static final Logger log = LoggerFactory.getLogger(CancelRequestListener.class);

  private final Cancellations cancellations;
  private final WorkerProperties worker;
  private final Clock clock;

  CancelRequestListener(Cancellations cancellations, WorkerProperties worker, Clock clock) {
    this.cancellations = cancellations;
    this.worker = worker;
    this.clock = clock;
  }

  // with no group there is no committed position: a partition with no request that recent starts
  // at its end
  @KafkaListener(
      id = ID,
      idIsGroup = false,
      containerFactory = ControlListenerConfiguration.CONTAINER_FACTORY,
      topicPartitions =
          @org.springframework.kafka.annotation.TopicPartition(
              topic = Topics.TASK_CONTROL,
              partitions = "#{@" + ControlTopicPartitions.BEAN + ".all()}"),
      properties = "auto.offset.reset=latest")
  void on(ControlEvent event) {
    EventVersions.requireReadable(event);
    event.accept(this::cancel);
  }

  private Void cancel(CancelRequested request) {
    log.info("Task {} cancellation requested by {}", request.taskId(), request.requester());
    cancellations.request(request.taskId(), request.attempt(), request.requester());
    return null;
  }

  @Override
  public void onPartitionsAssigned(
      Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
    long oldestWorthHearing = clock.instant().minus(worker.maxTriggerAge()).toEpochMilli();
    callback.seekToTimestamp(assignments.keySet(), oldestWorthHearing);
  }
}
