package dev.kaka.worker.checks;

import dev.kaka.common.event.IssueTriggered;
import dev.kaka.support.github.RepositoryTokens;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The calls to GitHub that judge a pull request's checks: its head, the head's check suites and
 * runs, and the Actions job logs. Each call names the task in {@code X-Kaka-Task}, so the calls of
 * one fix can be counted. A job log is served from a signed address GitHub redirects to, which is
 * read without the token: the token goes to the API alone.
 */
final class ChecksApi {

  static final String TASK_HEADER = "X-Kaka-Task";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  // a hundred check runs with their output, or one job log: logs beyond it are not worth a prompt
  private static final int MAX_ANSWER_BYTES = 32 * 1024 * 1024;

  private final HttpClient http;
  private final String apiUrl;
  private final RepositoryTokens tokens;
  private final Duration timeout;

  /**
   * @param http a client that does not follow redirects
   * @param tokens the repository's token for the calls; null to ask anonymously
   */
  ChecksApi(HttpClient http, String apiUrl, RepositoryTokens tokens, Duration timeout) {
    this.http = http;
    this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
    this.tokens = tokens;
    this.timeout = timeout;
  }

  /** The token the calls for {@code task} use; empty without one. */
  String tokenFor(IssueTriggered task) {
    String token =
        tokens == null ? "" : tokens.tokenFor(task.repository().owner(), task.repository().name());
    return token == null ? "" : token.strip();
  }

  JsonNode pullRequest(IssueTriggered task) throws IOException, InterruptedException {
    return json(task, "/pulls/" + task.pullRequest().number());
  }

  JsonNode checkSuites(IssueTriggered task, String sha) throws IOException, InterruptedException {
    return json(task, "/commits/" + sha + "/check-suites?per_page=100");
  }

  JsonNode checkRuns(IssueTriggered task, String sha) throws IOException, InterruptedException {
    return json(task, "/commits/" + sha + "/check-runs?filter=latest&per_page=100");
  }

  /** The job's log, at most {@code maxBytes} of its end; empty when GitHub has none to give. */
  Optional<byte[]> jobLogTail(IssueTriggered task, long jobId, int maxBytes)
      throws IOException, InterruptedException {
    HttpResponse<InputStream> answer =
        http.send(
            api(task, "/actions/jobs/" + jobId + "/logs").build(),
            HttpResponse.BodyHandlers.ofInputStream());
    if (answer.statusCode() / 100 == 3) {
      answer.body().close();
      Optional<String> location = answer.headers().firstValue("Location");
      if (location.isEmpty()) {
        return Optional.empty();
      }
      answer =
          http.send(
              HttpRequest.newBuilder(URI.create(location.get())).timeout(timeout).build(),
              HttpResponse.BodyHandlers.ofInputStream());
    }
    try (InputStream body = answer.body()) {
      if (answer.statusCode() != 200) {
        return Optional.empty();
      }
      return Optional.of(tail(body, maxBytes));
    }
  }

  private JsonNode json(IssueTriggered task, String path) throws IOException, InterruptedException {
    HttpResponse<InputStream> answer =
        http.send(api(task, path).build(), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = answer.body()) {
      if (answer.statusCode() != 200) {
        throw new IOException("GitHub answered " + answer.statusCode());
      }
      byte[] bytes = body.readNBytes(MAX_ANSWER_BYTES + 1);
      if (bytes.length > MAX_ANSWER_BYTES) {
        throw new IOException("GitHub's answer was too large");
      }
      return JSON.readTree(bytes);
    } catch (JacksonException e) {
      throw new IOException("GitHub's answer was not JSON");
    }
  }

  private HttpRequest.Builder api(IssueTriggered task, String path) {
    String repository = "/repos/" + task.repository().owner() + "/" + task.repository().name();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(apiUrl + repository + path))
            .timeout(timeout)
            .header("Accept", "application/vnd.github+json")
            .header("X-GitHub-Api-Version", "2022-11-28")
            .header("User-Agent", "kaka")
            .header(TASK_HEADER, task.taskId());
    String token = tokenFor(task);
    if (!token.isEmpty()) {
      request.header("Authorization", "Bearer " + token);
    }
    return request;
  }

  /** The last {@code maxBytes} of {@code body}, read through without keeping more. */
  private static byte[] tail(InputStream body, int maxBytes) throws IOException {
    byte[] ring = new byte[maxBytes];
    long total = 0;
    byte[] chunk = new byte[8192];
    for (int read = body.read(chunk); read >= 0; read = body.read(chunk)) {
      for (int i = 0; i < read; i++) {
        ring[(int) (total++ % maxBytes)] = chunk[i];
      }
    }
    if (total <= maxBytes) {
      return Arrays.copyOf(ring, (int) total);
    }
    int start = (int) (total % maxBytes);
    byte[] ordered = new byte[maxBytes];
    System.arraycopy(ring, start, ordered, 0, maxBytes - start);
    System.arraycopy(ring, 0, ordered, maxBytes - start, start);
    return ordered;
  }
}
