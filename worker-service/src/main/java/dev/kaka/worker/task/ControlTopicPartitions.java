package dev.kaka.worker.task;

import dev.kaka.common.Topics;
import dev.kaka.support.kafka.TopicProperties;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * The control topic's partitions, all of which {@link CancelRequestListener} reads: as the broker
 * has them when the worker starts, or the count the topic is declared with where the broker does
 * not know the topic yet (this worker creates it just after) or does not answer.
 */
@Component(ControlTopicPartitions.BEAN)
class ControlTopicPartitions {

  static final String BEAN = "controlTopicPartitions";

  private static final Logger log = LoggerFactory.getLogger(ControlTopicPartitions.class);

  private final KafkaAdmin admin;
  private final TopicProperties topics;

  ControlTopicPartitions(KafkaAdmin admin, TopicProperties topics) {
    this.admin = admin;
    this.topics = topics;
  }

  /** The partition numbers; public for the listener's expression. */
  public List<Integer> all() {
    return IntStream.range(0, count()).boxed().toList();
  }

  private int count() {
    try {
      return admin.describeTopics(Topics.TASK_CONTROL).get(Topics.TASK_CONTROL).partitions().size();
    } catch (KafkaException e) {
      Throwable cause = NestedExceptionUtils.getMostSpecificCause(e);
      if (!(cause instanceof UnknownTopicOrPartitionException)) {
        log.warn(
            "Could not look up the partitions of {} ({}); reading the {} it is declared with",
            Topics.TASK_CONTROL,
            cause.toString(),
            topics.partitions());
      }
      return topics.partitions();
    }
  }
}
