package dev.kaka.ingress.security;

import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The requests that must carry a CSRF token: those that change something and may have been sent by
 * a browser on behalf of another site. A browser attaches cookies (such as an authenticating
 * proxy's session) to a cross-site form post; it also names where a request comes from in {@code
 * Sec-Fetch-Site}, which no page can leave out or forge. A client such as curl or a CI job sends
 * neither header, and keeps working with its bearer token alone.
 */
final class BrowserWrites implements ServerWebExchangeMatcher {

  private static final Set<HttpMethod> SAFE =
      Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.TRACE);

  @Override
  public Mono<MatchResult> matches(ServerWebExchange exchange) {
    HttpHeaders headers = exchange.getRequest().getHeaders();
    boolean fromBrowser =
        headers.containsHeader(HttpHeaders.COOKIE) || headers.containsHeader("Sec-Fetch-Site");
    return !SAFE.contains(exchange.getRequest().getMethod()) && fromBrowser
        ? MatchResult.match()
        : MatchResult.notMatch();
  }
}
