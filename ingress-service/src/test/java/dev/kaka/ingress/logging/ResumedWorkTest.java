package dev.kaka.ingress.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.context.ContextRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

/**
 * A delivery's log context is on the thread where its work resumes, and only while it runs there;
 * Reactor's automatic propagation is off, as in the service ({@code
 * spring.reactor.context-propagation=limited}).
 */
class ResumedWorkTest {

  private static final Context DELIVERY =
      Context.of(TaskLogContext.KEY, new TaskLogContext("delivery-1"));

  @BeforeAll
  static void registerTheLogContext() {
    ContextRegistry.getInstance().registerThreadLocalAccessor(new TaskLogContext.Accessor());
  }

  @Test
  void workResumedByAnotherThreadLogsWithTheDeliveryWhileItRuns() {
    assertThat(seenOnAcknowledgement(ResumedWork::inContext))
        .containsExactly("delivery-1", "after: null");
  }

  @Test
  void withoutItTheResumedWorkKnowsNoDelivery() {
    assertThat(seenOnAcknowledgement(UnaryOperator.identity()))
        .containsExactly("null", "after: null");
  }

  @Test
  void aBodyEndsWithTheDeliverysLogContext() {
    List<String> atEnd = new CopyOnWriteArrayList<>();
    Flux<Integer> body =
        ResumedWork.endInContext(Flux.just(1, 2, 3).publishOn(Schedulers.single()))
            .doOnComplete(() -> atEnd.add(MDC.get(TaskLogContext.DELIVERY_ID)))
            .contextWrite(DELIVERY);

    assertThat(body.collectList().block(Duration.ofSeconds(5))).containsExactly(1, 2, 3);
    assertThat(atEnd).containsExactly("delivery-1");
  }

  @Test
  void workDoneWithinTheContextTellsItTheTaskAndLeavesTheThreadClean() {
    String task =
        ResumedWork.within(
            Context.of(TaskLogContext.KEY, new TaskLogContext("d-2")),
            () -> {
              TaskLogContext.current().taskId("task-2");
              return MDC.get(TaskLogContext.TASK_ID);
            });

    assertThat(task).isEqualTo("task-2");
    assertThat(TaskLogContext.current()).isNull();
    assertThat(MDC.get(TaskLogContext.TASK_ID)).isNull();
  }

  /**
   * What the delivery id in the MDC is when a future completes on a thread that knows nothing of
   * the request (as Kafka's network thread), downstream of {@code resume}, and after it.
   */
  private static List<String> seenOnAcknowledgement(UnaryOperator<Mono<String>> resume) {
    CompletableFuture<String> acknowledged = new CompletableFuture<>();
    List<String> seen = new CopyOnWriteArrayList<>();
    resume
        .apply(Mono.fromFuture(acknowledged))
        .doOnNext(sent -> seen.add(String.valueOf(MDC.get(TaskLogContext.DELIVERY_ID))))
        .contextWrite(DELIVERY)
        .subscribe();

    Schedulers.single()
        .schedule(
            () -> {
              acknowledged.complete("sent");
              seen.add("after: " + MDC.get(TaskLogContext.DELIVERY_ID));
            });

    await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 2);
    return seen;
  }
}
