package dev.kaka.ingress.logging;

import dev.kaka.ingress.webhook.WebhookFilter;
import io.micrometer.context.ContextRegistry;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/** Gives every log line written while a webhook delivery is handled the delivery's id. */
@Component
class DeliveryLogFilter implements WebhookFilter {

  // GitHub's delivery ids are UUIDs; anything else is not written into the logs as it came
  private static final Pattern DELIVERY_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

  DeliveryLogFilter() {
    ContextRegistry.getInstance().registerThreadLocalAccessor(new TaskLogContext.Accessor());
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String deliveryId = exchange.getRequest().getHeaders().getFirst("X-GitHub-Delivery");
    if (deliveryId == null || !DELIVERY_ID.matcher(deliveryId).matches()) {
      return chain.filter(exchange);
    }
    return chain
        .filter(exchange)
        .contextWrite(context -> context.put(TaskLogContext.KEY, new TaskLogContext(deliveryId)));
  }
}
