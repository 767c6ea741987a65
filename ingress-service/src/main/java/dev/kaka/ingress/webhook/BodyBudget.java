package dev.kaka.ingress.webhook;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;

/**
 * The body bytes that all webhook deliveries in progress may hold together. Anyone may post to the
 * webhook, and a body is held whole until its signature is checked, so without a bound a few dozen
 * large uploads at once would exhaust the memory. Bytes are counted as they arrive, not as a
 * request declares them: a sender that declares a large body and then trickles it holds only what
 * it has sent. The count is shown as {@code kaka.webhooks.body.bytes.in.flight}.
 */
final class BodyBudget {

  private final long limit;
  private final AtomicLong used = new AtomicLong();

  BodyBudget(long limit, MeterRegistry meters) {
    this.limit = limit;
    Gauge.builder("kaka.webhooks.body.bytes.in.flight", used, AtomicLong::get)
        .description("Bytes of webhook bodies being read or handled")
        .baseUnit("bytes")
        .register(meters);
  }

  /** Whether a body of {@code declaredLength} bytes (-1: not declared) may start to be read. */
  boolean hasRoomFor(long declaredLength) {
    return used.get() + Math.max(1, declaredLength) <= limit;
  }

  /** A share of the budget for one delivery's body; {@link Share#close()} gives it back. */
  Share share() {
    return new Share();
  }

  /** The bytes one delivery holds. */
  final class Share implements AutoCloseable {

    private final AtomicLong held = new AtomicLong();

    /**
     * The body, counted as it streams in; it fails with {@link Exhausted} at the first buffer that
     * would take the budget over its limit.
     */
    Flux<DataBuffer> counted(Flux<DataBuffer> body) {
      return body.handle(
          (buffer, sink) -> {
            if (take(buffer.readableByteCount())) {
              sink.next(buffer);
            } else {
              // the buffer goes no further, so nothing downstream would release it
              DataBufferUtils.release(buffer);
              sink.error(new Exhausted());
            }
          });
    }

    private boolean take(long bytes) {
      long before;
      do {
        before = used.get();
        if (before + bytes > limit) {
          return false;
        }
      } while (!used.compareAndSet(before, before + bytes));
      held.addAndGet(bytes);
      return true;
    }

    @Override
    public void close() {
      used.addAndGet(-held.getAndSet(0));
    }
  }

  /** The budget is used up: the delivery is answered 503 and may be sent again later. */
  static final class Exhausted extends RuntimeException {

    Exhausted() {
      super("webhook body budget used up", null, false, false);
    }
  }
}
