package dev.kaka.testkit.github;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * The HTTP side of the REST API: every call is logged with its credential, then injected faults
 * answer before anything else, then refused credentials get 401, then the route decides; every
 * answer is JSON with the headers GitHub sends on each response.
 */
final class ApiServlet extends HttpServlet {

  static final long RATE_LIMIT = 5000;

  private final transient ApiRouter router;
  private final transient Credentials credentials;
  private final transient Faults faults;
  private final transient JsonViews views;
  private final transient JsonMapper mapper;
  private final transient Clock clock;
  private final transient CallLog calls;

  ApiServlet(
      ApiRouter router,
      Credentials credentials,
      Faults faults,
      JsonViews views,
      JsonMapper mapper,
      Clock clock,
      CallLog calls) {
    this.router = router;
    this.credentials = credentials;
    this.faults = faults;
    this.views = views;
    this.mapper = mapper;
    this.clock = clock;
    this.calls = calls;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    write(answer(request), response);
  }

  private ApiResponse answer(HttpServletRequest request) throws IOException {
    String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
    Authentication authentication = credentials.forApi(request.getHeader("Authorization"));
    calls.record(new ApiCall(request.getMethod(), path, authentication.credential()));
    Optional<ApiResponse> fault = faults.next();
    if (fault.isPresent()) {
      return fault.get();
    }
    if (authentication instanceof Authentication.Refusal refusal) {
      return new ApiResponse(401, views.error(refusal.message(), List.of()), Map.of());
    }
    try {
      return router.dispatch(parse(request, path, (Caller) authentication));
    } catch (ApiException e) {
      return new ApiResponse(e.status(), views.error(e.getMessage(), e.errors()), Map.of());
    }
  }

  private ApiRequest parse(HttpServletRequest request, String path, Caller caller)
      throws IOException {
    Map<String, String> query = new LinkedHashMap<>();
    request.getParameterMap().forEach((name, values) -> query.put(name, values[0]));
    return new ApiRequest(
        request.getMethod(),
        path,
        query,
        parseBody(request.getInputStream().readAllBytes()),
        caller,
        Map.of());
  }

  private JsonNode parseBody(byte[] body) {
    if (body.length == 0) {
      return MissingNode.getInstance();
    }
    try {
      return mapper.readTree(body);
    } catch (JacksonException e) {
      throw ApiException.badRequest("Problems parsing JSON");
    }
  }

  private void write(ApiResponse answer, HttpServletResponse response) throws IOException {
    response.setStatus(answer.status());
    response.setContentType("application/json; charset=utf-8");
    // github-api tracks the rate limit from these headers on every response.
    response.setHeader("X-RateLimit-Limit", Long.toString(RATE_LIMIT));
    response.setHeader("X-RateLimit-Remaining", Long.toString(RATE_LIMIT - 1));
    response.setHeader("X-RateLimit-Used", "1");
    response.setHeader("X-RateLimit-Reset", Long.toString(clock.instant().getEpochSecond() + 3600));
    response.setHeader("X-RateLimit-Resource", "core");
    response.setHeader("X-GitHub-Media-Type", "github.v3; format=json");
    answer.headers().forEach(response::setHeader);
    response.getOutputStream().write(mapper.writeValueAsBytes(answer.body()));
  }
}
