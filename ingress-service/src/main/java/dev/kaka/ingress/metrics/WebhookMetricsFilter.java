package dev.kaka.ingress.metrics;

import dev.kaka.ingress.webhook.WebhookFilter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Counts every answer to {@code POST /webhooks/github} as {@code kaka_webhooks_received_total}, by
 * event and outcome. The outcome comes from what GitHub is told: the status code, and for a 2xx the
 * {@code status} field of the documented JSON answer, so the count cannot drift from the answers.
 */
@Component
class WebhookMetricsFilter implements WebhookFilter {

  private static final String METRIC = "kaka.webhooks.received";
  private static final Pattern STATUS_FIELD =
      Pattern.compile("\"status\"\\s*:\\s*\"([a-z-]{1,40})\"");
  private static final int PEEK_LIMIT = 512;

  private final MeterRegistry registry;
  // looked up per answer, where building and registering the meter's id each time would cost more
  private final Map<Series, Counter> counters = new ConcurrentHashMap<>();

  WebhookMetricsFilter(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String event = exchange.getRequest().getHeaders().getFirst("X-GitHub-Event");
    AnswerCapture answer = new AnswerCapture(exchange.getResponse());
    return chain
        .filter(exchange.mutate().response(answer).build())
        .doFinally(signal -> count(event, answer.getStatusCode(), answer.status.get()));
  }

  private void count(String event, HttpStatusCode code, String answerStatus) {
    WebhookOutcome outcome = WebhookOutcome.of(code == null ? 0 : code.value(), answerStatus);
    counters
        .computeIfAbsent(new Series(WebhookOutcome.event(event), outcome), this::counter)
        .increment();
  }

  private Counter counter(Series series) {
    return Counter.builder(METRIC)
        .description("GitHub webhook deliveries, by event and by what Kaka answered")
        .tag("event", series.event())
        .tag("outcome", series.outcome().outcome())
        .tag("reason", series.outcome().reason())
        .register(registry);
  }

  /** The tags of one counter; few, as every tag value comes from a fixed set. */
  private record Series(String event, WebhookOutcome outcome) {}

  /** Remembers the {@code status} field of the JSON answer without holding the body. */
  private static final class AnswerCapture extends ServerHttpResponseDecorator {

    private final AtomicReference<String> status = new AtomicReference<>();

    AnswerCapture(ServerHttpResponse delegate) {
      super(delegate);
    }

    @Override
    public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
      return super.writeWith(Flux.from(body).doOnNext(this::peek));
    }

    private void peek(DataBuffer buffer) {
      if (status.get() != null) {
        return;
      }
      int length = Math.min(buffer.readableByteCount(), PEEK_LIMIT);
      // toString(index, …) leaves the read position alone, so the body goes out unchanged
      Matcher matcher =
          STATUS_FIELD.matcher(
              buffer.toString(buffer.readPosition(), length, StandardCharsets.UTF_8));
      if (matcher.find()) {
        status.set(matcher.group(1));
      }
    }
  }
}
