package dev.kaka.testkit.github;

import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A REST call as the handlers see it.
 *
 * @param path the path below the API root, e.g. {@code /repos/o/r}
 * @param query query parameters in request order, first value of each
 * @param body the parsed JSON body, a missing node when there was none
 * @param caller who sent it, by the credentials it came with
 * @param pathVariables filled in by {@link ApiRouter} from the matching route
 */
record ApiRequest(
    String method,
    String path,
    Map<String, String> query,
    JsonNode body,
    Caller caller,
    Map<String, String> pathVariables) {

  ApiRequest withPathVariables(Map<String, String> variables) {
    return new ApiRequest(method, path, query, body, caller, Map.copyOf(variables));
  }

  String variable(String name) {
    return pathVariables.get(name);
  }

  /** An issue or pull request number; GitHub answers 404 to a path like {@code /issues/abc}. */
  int number(String name) {
    try {
      return Integer.parseInt(variable(name));
    } catch (NumberFormatException e) {
      throw ApiException.notFound();
    }
  }

  long id(String name) {
    try {
      return Long.parseLong(variable(name));
    } catch (NumberFormatException e) {
      throw ApiException.notFound();
    }
  }

  Optional<String> query(String name) {
    return Optional.ofNullable(query.get(name));
  }

  Optional<String> bodyString(String field) {
    JsonNode value = body.path(field);
    return value.isString() ? Optional.of(value.stringValue()) : Optional.empty();
  }

  boolean bodyFlag(String field) {
    return body.path(field).asBoolean(false);
  }
}
