package dev.kaka.worker.attachment;

import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.TriggerKind;
import dev.kaka.support.github.RepositoryTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the rendered text ({@code body_html}) of a task's issue and of the comment that triggered
 * it, with the repository's token: GitHub signs the links of attached images there, so they can be
 * fetched without sending the token anywhere but the API.
 */
final class IssueHtml {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  // the issue's and comment's text with their rendering: a few hundred KB at most
  private static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;

  private final HttpClient http;
  private final String apiUrl;
  private final RepositoryTokens tokens;
  private final Duration timeout;

  /**
   * @param tokens the repository's token for the call; null to ask anonymously, which serves public
   *     repositories
   */
  IssueHtml(HttpClient http, String apiUrl, RepositoryTokens tokens, Duration timeout) {
    this.http = http;
    this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
    this.tokens = tokens;
    this.timeout = timeout;
  }

  /**
   * The issue's {@code body_html}, and the triggering comment's where there is one.
   *
   * @throws IOException with a reason fit for the prompt when GitHub does not serve them
   */
  List<String> of(IssueTriggered task) throws IOException, InterruptedException {
    String repository = "/repos/" + task.repository().owner() + "/" + task.repository().name();
    List<String> html = new ArrayList<>();
    html.add(bodyHtml(task, repository + "/issues/" + task.issue().number()));
    Long comment = task.trigger().commentId();
    if (comment != null) {
      String comments =
          task.trigger().kind() == TriggerKind.REVIEW_COMMENT
              ? "/pulls/comments/"
              : "/issues/comments/";
      html.add(bodyHtml(task, repository + comments + comment));
    }
    return html;
  }

  private String bodyHtml(IssueTriggered task, String path)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(apiUrl + path))
            .timeout(timeout)
            .header("Accept", "application/vnd.github.full+json")
            .header("X-GitHub-Api-Version", "2022-11-28")
            .header("User-Agent", "kaka");
    String token =
        tokens == null ? "" : tokens.tokenFor(task.repository().owner(), task.repository().name());
    if (token != null && !token.isBlank()) {
      request.header("Authorization", "Bearer " + token.strip());
    }
    HttpResponse<byte[]> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IOException("GitHub answered " + response.statusCode());
    }
    if (response.body().length > MAX_ANSWER_BYTES) {
      throw new IOException("GitHub's answer was too large");
    }
    try {
      return JSON.readTree(response.body()).path("body_html").asString("");
    } catch (JacksonException e) {
      throw new IOException("GitHub's answer was not JSON");
    }
  }
}
