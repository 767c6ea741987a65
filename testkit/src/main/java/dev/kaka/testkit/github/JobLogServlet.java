package dev.kaka.testkit.github;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Serves job logs at the signed addresses the API redirects to, to anyone holding one, once, as
 * plain text. A request that carries a token is refused: GitHub's token belongs to the API alone.
 */
final class JobLogServlet extends HttpServlet {

  private final transient CheckRecords checks;

  JobLogServlet(CheckRecords checks) {
    this.checks = checks;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (request.getHeader("Authorization") != null) {
      response.sendError(HttpServletResponse.SC_BAD_REQUEST);
      return;
    }
    String path = request.getPathInfo() == null ? "" : request.getPathInfo();
    Optional<String> log = checks.signedLog(path.startsWith("/") ? path.substring(1) : path);
    if (log.isEmpty()) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    byte[] bytes = log.get().getBytes(StandardCharsets.UTF_8);
    response.setContentType("text/plain; charset=utf-8");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
