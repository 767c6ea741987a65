package dev.kaka.notifier.github;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * Makes every read the notifier repeats a conditional request: it keeps the last answer to each
 * {@code GET} with its {@code ETag}, asks again with {@code If-None-Match}, and hands github-api
 * the kept answer when GitHub says 304 Not Modified, which GitHub does not count against the rate
 * limit. github-api documents this with OkHttp's cache, which would bring OkHttp and Kotlin's
 * standard library into the notifier for one header; this keeps a bounded number of small answers
 * in memory instead (bench/github-calls.sh counts what it saves).
 */
final class ConditionalReads implements GitHubConnector {

  private static final int NOT_MODIFIED = 304;
  private static final int OK = 200;
  // enough for the repositories and issues being reported on at once
  private static final int MAX_ENTRIES = 1_000;
  // lists of comments on a busy issue can be long; keeping those would cost more than it saves
  private static final int MAX_KEPT_BYTES = 256 * 1024;

  private final GitHubConnector delegate;
  private final Map<String, Kept> kept = RecentlyUsed.atMost(MAX_ENTRIES);

  ConditionalReads(GitHubConnector delegate) {
    this.delegate = delegate;
  }

  @Override
  public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
    if (!request.method().equals("GET") || request.header("If-None-Match") != null) {
      return delegate.send(request);
    }
    String key = request.url().toString();
    Kept before = kept.get(key);
    GitHubConnectorResponse response =
        delegate.send(
            before == null
                ? request
                : new AddedHeaders(request, Map.of("If-None-Match", before.etag())));
    if (before != null && response.statusCode() == NOT_MODIFIED) {
      response.close();
      return new Answer(
          request, OK, headers(before.headers(), response.allHeaders()), before.body());
    }
    String etag = response.header("ETag");
    if (response.statusCode() != OK || etag == null) {
      return response;
    }
    byte[] body;
    try (response) {
      body = response.bodyStream().readAllBytes();
    }
    // the body is decoded now: the kept headers must not say it is compressed
    Map<String, List<String>> headers = headers(response.allHeaders(), Map.of());
    if (body.length <= MAX_KEPT_BYTES) {
      kept.put(key, new Kept(etag, headers, body));
    }
    return new Answer(request, OK, headers, body);
  }

  /** {@code first}, overridden by {@code then} (a 304's fresh rate-limit figures), decoded. */
  private static Map<String, List<String>> headers(
      Map<String, List<String>> first, Map<String, List<String>> then) {
    Map<String, List<String>> merged = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    first.forEach((name, values) -> putHeader(merged, name, values));
    then.forEach((name, values) -> putHeader(merged, name, values));
    merged.remove("Content-Encoding");
    merged.remove("Content-Length");
    return merged;
  }

  private static void putHeader(Map<String, List<String>> headers, String name, List<String> v) {
    // the HTTP client lists the status line under a null name
    if (name != null) {
      headers.put(name, v);
    }
  }

  private record Kept(String etag, Map<String, List<String>> headers, byte[] body) {}

  /** An answer read into memory, kept or fresh. */
  private static final class Answer extends GitHubConnectorResponse.ByteArrayResponse {

    private final byte[] body;

    Answer(
        GitHubConnectorRequest request,
        int status,
        Map<String, List<String>> headers,
        byte[] body) {
      super(request, status, headers);
      this.body = body;
    }

    @Override
    protected InputStream rawBodyStream() {
      return new ByteArrayInputStream(body);
    }
  }
}
