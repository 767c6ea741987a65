package dev.kaka.testkit.github;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a method and a path template such as {@code /repos/{owner}/{repo}/issues/{number}} to a
 * handler, behind a check of who may call it. {@code {name}} matches one path segment; {@code
 * {name...}} matches the rest of the path, slashes included.
 */
final class ApiRouter {

  @FunctionalInterface
  interface Handler {
    ApiResponse handle(ApiRequest request);
  }

  /**
   * Decides whether the request's caller may use the route, and throws GitHub's answer when not. It
   * sees the path variables, so it can decide by the repository or the issue a path names.
   */
  @FunctionalInterface
  interface Access {
    void check(ApiRequest request);
  }

  private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)(\\.\\.\\.)?}");

  private final List<Route> routes = new ArrayList<>();

  void get(String template, Access access, Handler handler) {
    add("GET", template, access, handler);
  }

  void post(String template, Access access, Handler handler) {
    add("POST", template, access, handler);
  }

  void patch(String template, Access access, Handler handler) {
    add("PATCH", template, access, handler);
  }

  void delete(String template, Access access, Handler handler) {
    add("DELETE", template, access, handler);
  }

  /** Unknown paths and unsupported methods alike get GitHub's 404. */
  ApiResponse dispatch(ApiRequest request) {
    for (Route route : routes) {
      Matcher matcher = route.pattern().matcher(request.path());
      if (route.method().equals(request.method()) && matcher.matches()) {
        Map<String, String> variables = new HashMap<>();
        for (int i = 0; i < route.variables().size(); i++) {
          variables.put(route.variables().get(i), matcher.group(i + 1));
        }
        ApiRequest matched = request.withPathVariables(variables);
        route.access().check(matched);
        return route.handler().handle(matched);
      }
    }
    throw ApiException.notFound();
  }

  /** The template of the route a call would take, such as {@code /repos/{owner}/{repo}}. */
  Optional<String> endpointOf(String method, String path) {
    return routes.stream()
        .filter(route -> route.method().equals(method) && route.pattern().matcher(path).matches())
        .map(Route::template)
        .findFirst();
  }

  private void add(String method, String template, Access access, Handler handler) {
    List<String> variables = new ArrayList<>();
    StringBuilder regex = new StringBuilder();
    Matcher matcher = VARIABLE.matcher(template);
    int literalStart = 0;
    while (matcher.find()) {
      regex.append(Pattern.quote(template.substring(literalStart, matcher.start())));
      regex.append(matcher.group(2) == null ? "([^/]+)" : "(.+)");
      variables.add(matcher.group(1));
      literalStart = matcher.end();
    }
    regex.append(Pattern.quote(template.substring(literalStart)));
    routes.add(
        new Route(
            method,
            template,
            Pattern.compile(regex.toString()),
            List.copyOf(variables),
            access,
            handler));
  }

  private record Route(
      String method,
      String template,
      Pattern pattern,
      List<String> variables,
      Access access,
      Handler handler) {}
}
