package dev.kaka.ingress.webhook;

import dev.kaka.common.Topics;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.TaskEvent;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Publishes accepted triggers; completes only once the broker has acknowledged the record. */
@Component
class TriggerPublisher {

  private final KafkaTemplate<String, TaskEvent> kafka;

  TriggerPublisher(KafkaTemplate<String, TaskEvent> kafka) {
    this.kafka = kafka;
  }

  Mono<Void> publish(IssueTriggered event) {
    return Mono.fromFuture(() -> kafka.send(Topics.ISSUE_TRIGGERED, event.partitionKey(), event))
        .then();
  }
}
