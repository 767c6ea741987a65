package dev.kaka.ingress.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Reads {@code Authorization: Bearer <token>} (as an empty name and the token) or {@code Basic}
 * credentials; anything else is no credential at all, which the access rules then refuse where one
 * is needed.
 */
final class AuthorizationHeader implements ServerAuthenticationConverter {

  @Override
  public Mono<Authentication> convert(ServerWebExchange exchange) {
    String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (header == null) {
      return Mono.empty();
    }
    if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Mono.just(credential("", header.substring(7).trim()));
    }
    if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
      String decoded;
      try {
        decoded =
            new String(
                Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException notBase64) {
        return Mono.just(credential("", ""));
      }
      int colon = decoded.indexOf(':');
      return colon <= 0
          ? Mono.just(credential("", ""))
          : Mono.just(credential(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }
    return Mono.empty();
  }

  private static Authentication credential(String name, String secret) {
    return UsernamePasswordAuthenticationToken.unauthenticated(name, secret);
  }
}
