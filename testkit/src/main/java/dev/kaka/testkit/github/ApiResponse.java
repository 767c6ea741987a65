package dev.kaka.testkit.github;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What a REST call answers: a status, a JSON body and any headers beyond the ones every response
 * carries.
 */
record ApiResponse(int status, JsonNode body, Map<String, String> headers) {

  static ApiResponse ok(JsonNode body) {
    return new ApiResponse(200, body, Map.of());
  }

  static ApiResponse created(JsonNode body) {
    return new ApiResponse(201, body, Map.of());
  }

  ApiResponse withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new ApiResponse(status, body, Map.copyOf(more));
  }
}
