package dev.kaka.ingress.security;

import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * 401 with a JSON answer. The challenge names the bearer scheme, not basic, so that a browser never
 * pops up its own login dialog over the dashboard's.
 */
final class Unauthorized implements ServerAuthenticationEntryPoint {

  private static final byte[] BODY =
      ("{\"status\":\"unauthorized\",\"message\":"
              + "\"credentials missing or wrong: send Authorization: Bearer <token> or basic credentials\"}")
          .getBytes(StandardCharsets.UTF_8);

  @Override
  public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException reason) {
    ServerHttpResponse response = exchange.getResponse();
    response.setStatusCode(HttpStatus.UNAUTHORIZED);
    response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"kaka\"");
    response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(BODY)));
  }
}
