package dev.kaka.ingress.security;

import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** 403 with a JSON answer, for a browser's write without the dashboard's CSRF token. */
final class CsrfRefused implements ServerAccessDeniedHandler {

  private static final byte[] BODY =
      ("{\"status\":\"forbidden\",\"message\":\"CSRF token missing"
              + " or wrong: reload the dashboard, or send X-XSRF-TOKEN with the XSRF-TOKEN cookie's"
              + " value\"}")
          .getBytes(StandardCharsets.UTF_8);

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
    ServerHttpResponse response = exchange.getResponse();
    response.setStatusCode(HttpStatus.FORBIDDEN);
    response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(BODY)));
  }
}
