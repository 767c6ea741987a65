package dev.kaka.testkit.github;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * The HTTP side of the REST API: injected faults answer before anything else, then refused
 * credentials get 401, then a write over the secondary limits gets 403, then the route decides;
 * every answer is JSON with the headers GitHub sends on each response. A {@code GET} answered 200
 * carries an {@code ETag}, and the same {@code GET} with {@code If-None-Match} naming it is
 * answered 304 without a body, as GitHub answers conditional requests. Every call is logged with
 * its credential, its endpoint, its status and the task it names.
 */
final class ApiServlet extends HttpServlet {

  static final long RATE_LIMIT = 5000;
  private static final int NOT_MODIFIED = 304;

  private final transient ApiRouter router;
  private final transient Credentials credentials;
  private final transient Faults faults;
  private final transient JsonViews views;
  private final transient JsonMapper mapper;
  private final transient Clock clock;
  private final transient CallLog calls;
  private final transient SecondaryLimiter secondaryLimits;

  ApiServlet(
      ApiRouter router,
      Credentials credentials,
      Faults faults,
      JsonViews views,
      JsonMapper mapper,
      Clock clock,
      CallLog calls,
      SecondaryLimiter secondaryLimits) {
    this.router = router;
    this.credentials = credentials;
    this.faults = faults;
    this.views = views;
    this.mapper = mapper;
    this.clock = clock;
    this.calls = calls;
    this.secondaryLimits = secondaryLimits;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
    Authentication authentication = credentials.forApi(request.getHeader("Authorization"));
    ApiResponse answer = answer(request, path, authentication);
    byte[] body = mapper.writeValueAsBytes(answer.body());
    int status = answer.status();
    if (request.getMethod().equals("GET") && status == 200) {
      String etag = etag(body);
      answer = answer.withHeader("ETag", etag);
      if (etag.equals(request.getHeader("If-None-Match"))) {
        status = NOT_MODIFIED;
      }
    }
    calls.record(
        new ApiCall(
            request.getMethod(),
            path,
            authentication.credential(),
            router.endpointOf(request.getMethod(), path).orElse(path),
            status,
            request.getHeader(ApiCall.TASK_HEADER)));
    write(answer, status, body, response);
  }

  private ApiResponse answer(HttpServletRequest request, String path, Authentication authentication)
      throws IOException {
    Optional<ApiResponse> fault = faults.next();
    if (fault.isPresent()) {
      return fault.get();
    }
    if (authentication instanceof Authentication.Refusal refusal) {
      return new ApiResponse(401, views.error(refusal.message(), List.of()), Map.of());
    }
    Optional<ApiResponse> overLimit =
        secondaryLimits.refusal(request.getMethod(), authentication.credential());
    if (overLimit.isPresent()) {
      return overLimit.get();
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

  /** A strong validator of the answer's bytes, as GitHub's (quoted hex). */
  private static String etag(byte[] body) {
    try {
      return '"'
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body))
          + '"';
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void write(ApiResponse answer, int status, byte[] body, HttpServletResponse response)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/json; charset=utf-8");
    // github-api tracks the rate limit from these headers on every response.
    response.setHeader("X-RateLimit-Limit", Long.toString(RATE_LIMIT));
    response.setHeader("X-RateLimit-Remaining", Long.toString(RATE_LIMIT - 1));
    response.setHeader("X-RateLimit-Used", "1");
    response.setHeader("X-RateLimit-Reset", Long.toString(clock.instant().getEpochSecond() + 3600));
    response.setHeader("X-RateLimit-Resource", "core");
    response.setHeader("X-GitHub-Media-Type", "github.v3; format=json");
    // what GitHub sends: a client's HTTP cache may keep the answer, per token, and revalidate it
    response.setHeader("Cache-Control", "private, max-age=60, s-maxage=60");
    response.setHeader("Vary", "Accept, Authorization, Cookie, X-GitHub-OTP");
    answer.headers().forEach(response::setHeader);
    if (status != NOT_MODIFIED) {
      response.getOutputStream().write(body);
    }
  }
}
