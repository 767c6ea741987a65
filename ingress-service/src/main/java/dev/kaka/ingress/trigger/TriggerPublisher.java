package dev.kaka.ingress.trigger;

import dev.kaka.common.event.TaskEvent;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Publishes events; completes only once the broker has acknowledged the record. */
@Component
public class TriggerPublisher {

  private final KafkaTemplate<String, TaskEvent> kafka;

  TriggerPublisher(KafkaTemplate<String, TaskEvent> kafka) {
    this.kafka = kafka;
  }

  public Mono<Void> publish(String topic, TaskEvent event) {
    return Mono.fromFuture(() -> kafka.send(topic, event.partitionKey(), event)).then();
  }
}
