package dev.kaka.notifier.github;

import java.io.InputStream;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kohsuke.github.connector.GitHubConnectorRequest;

/** A request as github-api built it, with more headers: its requests cannot be changed. */
final class AddedHeaders implements GitHubConnectorRequest {

  private final GitHubConnectorRequest request;
  private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

  AddedHeaders(GitHubConnectorRequest request, Map<String, String> added) {
    this.request = request;
    headers.putAll(request.allHeaders());
    added.forEach((name, value) -> headers.put(name, List.of(value)));
  }

  @Override
  public String method() {
    return request.method();
  }

  @Override
  public Map<String, List<String>> allHeaders() {
    return headers;
  }

  @Override
  public String header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  @Override
  public String contentType() {
    return request.contentType();
  }

  @Override
  public InputStream body() {
    return request.body();
  }

  @Override
  public URL url() {
    return request.url();
  }

  @Override
  public boolean hasBody() {
    return request.hasBody();
  }
}
