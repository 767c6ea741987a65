package dev.kaka.ingress.trigger;

import dev.kaka.common.Topics;
import dev.kaka.common.event.ControlEvent;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TriggerEvent;
import dev.kaka.ingress.logging.PublishedTaskLog;
import dev.kaka.ingress.logging.ResumedWork;
import java.util.concurrent.CompletableFuture;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

/**
 * Publishes events, each on the topic its type belongs to; completes only once the broker has
 * acknowledged the record.
 */
@Component
public class TriggerPublisher {

  private static final String CONTINUE_ON = TriggerPublisher.class.getName() + ".continue-on";

  private final KafkaTemplate<String, TaskEvent> kafka;

  TriggerPublisher(KafkaTemplate<String, TaskEvent> kafka) {
    this.kafka = kafka;
  }

  /**
   * Where a request continues once its record is acknowledged, such as the event loop of its
   * connection; without it, Reactor's parallel scheduler.
   */
  public static Context continueOn(Scheduler scheduler) {
    return Context.of(CONTINUE_ON, scheduler);
  }

  public Mono<Void> publish(TriggerEvent event) {
    return publish(Topics.ISSUE_TRIGGERED, event);
  }

  public Mono<Void> publish(ControlEvent event) {
    return publish(Topics.TASK_CONTROL, event);
  }

  private Mono<Void> publish(String topic, TaskEvent event) {
    return ResumedWork.inContext(
            Mono.deferContextual(
                context -> {
                  // sent with the request's log context, which learns the task's id here
                  CompletableFuture<SendResult<String, TaskEvent>> sent =
                      ResumedWork.within(
                          context,
                          () -> {
                            PublishedTaskLog.publishing(event);
                            return kafka.send(topic, event.partitionKey(), event);
                          });
                  // the acknowledgement arrives on the producer's one network thread, shared by
                  // every
                  // request: what follows (logging, the answer) runs elsewhere, so that it only
                  // moves records
                  Scheduler next = context.getOrDefault(CONTINUE_ON, Schedulers.parallel());
                  return Mono.fromFuture(sent).publishOn(next);
                }))
        .then();
  }
}
