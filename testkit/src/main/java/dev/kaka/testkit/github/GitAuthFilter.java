package dev.kaka.testkit.github;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Guards git over HTTP with Basic authentication, as GitHub does for private repositories, and
 * keeps an installation token to its repositories and to {@code contents: read}. The caller goes on
 * to the git servlet as a request attribute, for the push decision.
 */
final class GitAuthFilter extends HttpFilter {

  static final String CALLER_ATTRIBUTE = Caller.class.getName();

  private static final Permission CONTENTS_READ = Permission.read("contents");

  private final transient Credentials credentials;

  GitAuthFilter(Credentials credentials) {
    this.credentials = credentials;
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    Authentication authentication = credentials.forGit(request.getHeader("Authorization"));
    if (!(authentication instanceof Caller caller)) {
      // Git clients send credentials only after this challenge, and give up on a second 401.
      response.setHeader("WWW-Authenticate", "Basic realm=\"git\"");
      response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
      return;
    }
    if (caller instanceof Caller.Installation installation) {
      // /owner/name.git/...; anything else names no repository the token covers.
      String[] segments = String.valueOf(request.getPathInfo()).split("/", 4);
      boolean covered =
          segments.length >= 3
              && segments[2].endsWith(".git")
              && installation.covers(
                  segments[1], segments[2].substring(0, segments[2].length() - ".git".length()));
      if (!covered) {
        // What the git servlet answers for an unknown repository: the token learns nothing more.
        response.sendError(HttpServletResponse.SC_NOT_FOUND);
        return;
      }
      if (!installation.has(CONTENTS_READ)) {
        response.sendError(HttpServletResponse.SC_FORBIDDEN);
        return;
      }
    }
    request.setAttribute(CALLER_ATTRIBUTE, caller);
    chain.doFilter(request, response);
  }
}
