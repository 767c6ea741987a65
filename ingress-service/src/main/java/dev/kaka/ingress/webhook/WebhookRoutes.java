package dev.kaka.ingress.webhook;

import static org.springframework.web.reactive.function.server.RequestPredicates.POST;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

@Configuration(proxyBeanMethods = false)
class WebhookRoutes {

  @Bean
  RouterFunction<ServerResponse> webhookRoute(WebhookHandler handler) {
    return route(POST("/webhooks/github"), handler::handle);
  }
}
