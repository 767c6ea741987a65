package dev.kaka.ingress.webhook;

import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Wraps the handling of every webhook delivery, as a {@code WebFilter} wraps a request: metrics and
 * log context. {@link WebhookEndpoint} serves the webhook beneath WebFlux's filter chain, so it
 * runs these instead.
 */
public interface WebhookFilter {

  Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain);
}
