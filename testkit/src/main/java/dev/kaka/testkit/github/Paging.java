package dev.kaka.testkit.github;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * GitHub's list paging: {@code per_page} (30 by default, at most 100) and {@code page} pick a
 * slice, and the {@code Link} header points at the other pages. github-api follows {@code
 * rel="next"} until there is none.
 */
final class Paging {

  private static final int DEFAULT_PAGE_SIZE = 30;
  private static final int MAX_PAGE_SIZE = 100;

  private Paging() {}

  /**
   * Answers with the requested page of {@code items}; {@code listUrl} is the absolute URL of the
   * list.
   */
  static ApiResponse respond(ApiRequest request, String listUrl, List<? extends JsonNode> items) {
    int pageSize =
        Math.min(MAX_PAGE_SIZE, Math.max(1, intParameter(request, "per_page", DEFAULT_PAGE_SIZE)));
    int page = Math.max(1, intParameter(request, "page", 1));
    int lastPage = Math.max(1, (items.size() + pageSize - 1) / pageSize);
    int from = Math.min(items.size(), (page - 1) * pageSize);
    int to = Math.min(items.size(), from + pageSize);

    ArrayNode body = JsonNodeFactory.instance.arrayNode();
    items.subList(from, to).forEach(body::add);
    ApiResponse response = ApiResponse.ok(body);
    if (lastPage == 1) {
      return response;
    }
    List<String> links = new ArrayList<>();
    if (page < lastPage) {
      links.add(link(request, listUrl, page + 1, "next"));
      links.add(link(request, listUrl, lastPage, "last"));
    }
    if (page > 1) {
      links.add(link(request, listUrl, 1, "first"));
      links.add(link(request, listUrl, Math.min(page, lastPage + 1) - 1, "prev"));
    }
    return response.withHeader("Link", String.join(", ", links));
  }

  private static String link(ApiRequest request, String listUrl, int page, String relation) {
    Map<String, String> query = new LinkedHashMap<>(request.query());
    query.put("page", Integer.toString(page));
    StringBuilder url = new StringBuilder(listUrl);
    char separator = '?';
    for (Map.Entry<String, String> parameter : query.entrySet()) {
      url.append(separator)
          .append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
      separator = '&';
    }
    return "<" + url + ">; rel=\"" + relation + "\"";
  }

  private static int intParameter(ApiRequest request, String name, int fallback) {
    try {
      return request.query(name).map(Integer::parseInt).orElse(fallback);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
