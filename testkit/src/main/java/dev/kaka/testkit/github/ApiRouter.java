package dev.kaka.testkit.github;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a method and a path template such as {@code /repos/{owner}/{repo}/issues/{number}} to a
 * handler. {@code {name}} matches one path segment; {@code {name...}} matches the rest of the path,
 * slashes included.
 */
final class ApiRouter {

  @FunctionalInterface
  interface Handler {
    ApiResponse handle(ApiRequest request);
  }

  private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)(\\.\\.\\.)?}");

  private final List<Route> routes = new ArrayList<>();

  void get(String template, Handler handler) {
    add("GET", template, handler);
  }

  void post(String template, Handler handler) {
    add("POST", template, handler);
  }

  void patch(String template, Handler handler) {
    add("PATCH", template, handler);
  }

  void delete(String template, Handler handler) {
    add("DELETE", template, handler);
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
        return route.handler().handle(request.withPathVariables(variables));
      }
    }
    throw ApiException.notFound();
  }

  private void add(String method, String template, Handler handler) {
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
        new Route(method, Pattern.compile(regex.toString()), List.copyOf(variables), handler));
  }

  private record Route(String method, Pattern pattern, List<String> variables, Handler handler) {}
}
