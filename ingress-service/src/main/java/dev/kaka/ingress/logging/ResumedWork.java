package dev.kaka.ingress.logging;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import java.util.function.Supplier;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Puts a request's log context ({@link TaskLogContext}, kept in the Reactor context) onto the
 * thread wherever the request's work resumes: when its body has arrived, when Kafka has
 * acknowledged its record. Reactor's automatic propagation ({@code
 * spring.reactor.context-propagation=auto}) would do so for every thread local around every
 * operator of every request, which cost the webhook a third of its time; here it is done where a
 * request's work picks up on another thread or callback, and nowhere else.
 */
public final class ResumedWork {

  private static final ContextSnapshotFactory SNAPSHOTS = ContextSnapshotFactory.builder().build();

  private ResumedWork() {}

  /** {@code work}'s result, computed with the log context of {@code context}. */
  public static <T> T within(ContextView context, Supplier<T> work) {
    try (ContextSnapshot.Scope scope = restore(context)) {
      return work.get();
    }
  }

  /** {@code source}, whose subscriber receives every signal with its own log context. */
  public static <T> Mono<T> inContext(Mono<T> source) {
    // hidden: a fused source would hand its queue past this operator
    return source
        .hide()
        .transform(
            Operators.<T, T>lift((scannable, subscriber) -> new InContext<>(subscriber, true)));
  }

  /**
   * {@code source}, whose subscriber receives its end (completion or error) with its own log
   * context: for a body, whose parts are only gathered until it ends.
   */
  public static <T> Flux<T> endInContext(Flux<T> source) {
    return source
        .hide()
        .transform(
            Operators.<T, T>lift((scannable, subscriber) -> new InContext<>(subscriber, false)));
  }

  private static ContextSnapshot.Scope restore(ContextView context) {
    return SNAPSHOTS.setThreadLocalsFrom(context, TaskLogContext.KEY);
  }

  private static final class InContext<T> implements CoreSubscriber<T>, Subscription {

    private final CoreSubscriber<? super T> actual;
    private final boolean values;
    private Subscription upstream;

    InContext(CoreSubscriber<? super T> actual, boolean values) {
      this.actual = actual;
      this.values = values;
    }

    @Override
    public Context currentContext() {
      return actual.currentContext();
    }

    @Override
    public void onSubscribe(Subscription subscription) {
      this.upstream = subscription;
      actual.onSubscribe(this);
    }

    @Override
    public void onNext(T value) {
      if (!values) {
        actual.onNext(value);
        return;
      }
      try (ContextSnapshot.Scope scope = restore(actual.currentContext())) {
        actual.onNext(value);
      }
    }

    @Override
    public void onError(Throwable failure) {
      try (ContextSnapshot.Scope scope = restore(actual.currentContext())) {
        actual.onError(failure);
      }
    }

    @Override
    public void onComplete() {
      try (ContextSnapshot.Scope scope = restore(actual.currentContext())) {
        actual.onComplete();
      }
    }

    @Override
    public void request(long n) {
      upstream.request(n);
    }

    @Override
    public void cancel() {
      upstream.cancel();
    }
  }
}
