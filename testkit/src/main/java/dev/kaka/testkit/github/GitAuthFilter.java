package dev.kaka.testkit.github;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Guards git over HTTP with Basic authentication, as GitHub does for private repositories. */
final class GitAuthFilter extends HttpFilter {

  private final transient AccessToken token;

  GitAuthFilter(AccessToken token) {
    this.token = token;
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (token.acceptsBasicAuthorization(request.getHeader("Authorization"))) {
      chain.doFilter(request, response);
      return;
    }
    // Git clients send credentials only after this challenge, and give up on a second 401.
    response.setHeader("WWW-Authenticate", "Basic realm=\"git\"");
    response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
  }
}
