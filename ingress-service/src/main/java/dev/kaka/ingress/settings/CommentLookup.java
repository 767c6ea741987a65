package dev.kaka.ingress.settings;

import dev.kaka.common.event.RepositoryRef;
import dev.kaka.ingress.conversation.IssueComments;
import dev.kaka.ingress.conversation.PostedComment;
import dev.kaka.support.github.GitHubProperties;
import dev.kaka.support.github.RepositoryTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An issue's newest comments, from GitHub's issue comments API ({@code GET
 * /repos/{owner}/{repo}/issues/{number}/comments}), which lists the oldest first: its last two
 * pages of 100 at most, so a long discussion costs three calls and a short one one. Bounded by
 * {@code kaka.repository-settings.read-timeout}, as the other lookups of a trigger are. Without
 * GitHub credentials nothing is read.
 */
@Component
class CommentLookup implements IssueComments {

  private static final int PAGE_SIZE = 100;
  // a page of 100 comments of GitHub's largest size, with their JSON
  private static final int MAX_ANSWER_BYTES = 32 * 1024 * 1024;
  private static final Pattern LAST_PAGE =
      Pattern.compile("<[^>]*[?&]page=(\\d+)[^>]*>;\\s*rel=\"last\"");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final WebClient client;
  private final RepositoryAuthorization authorization;
  private final Duration timeout;

  CommentLookup(
      GitHubProperties github, Optional<RepositoryTokens> tokens, SettingsProperties settings) {
    this.timeout = settings.readTimeout();
    this.authorization = tokens.map(RepositoryAuthorization::new).orElse(null);
    this.client =
        authorization == null
            ? null
            : SettingsReader.client(github.apiUrl(), timeout, MAX_ANSWER_BYTES);
  }

  @Override
  public Mono<Listed> of(RepositoryRef repository, int number) {
    if (client == null) {
      return Mono.error(new IllegalStateException("the ingress has no GitHub credentials"));
    }
    return page(repository, number, 1)
        .flatMap(
            first -> {
              if (first.lastPage() <= 1) {
                return Mono.just(new Listed(first.comments(), false));
              }
              int last = first.lastPage();
              Mono<Page> before =
                  last - 1 == 1 ? Mono.just(first) : page(repository, number, last - 1);
              return before.zipWith(
                  page(repository, number, last),
                  (older, newest) -> {
                    List<PostedComment> both = new ArrayList<>(older.comments());
                    both.addAll(newest.comments());
                    return new Listed(both, last > 2);
                  });
            })
        .timeout(timeout);
  }

  private record Page(List<PostedComment> comments, int lastPage) {}

  private Mono<Page> page(RepositoryRef repository, int number, int page) {
    return authorization
        .header(repository)
        .flatMap(
            header ->
                client
                    .get()
                    .uri(
                        "/repos/{owner}/{name}/issues/{number}/comments?per_page={size}&page={page}",
                        repository.owner(),
                        repository.name(),
                        number,
                        PAGE_SIZE,
                        page)
                    .header(HttpHeaders.AUTHORIZATION, header)
                    .exchangeToMono(
                        response -> {
                          if (!response.statusCode().is2xxSuccessful()) {
                            if (response.statusCode().value()
                                == RepositoryAuthorization.UNAUTHORIZED) {
                              authorization.refused(repository);
                            }
                            return response
                                .releaseBody()
                                .then(
                                    Mono.error(
                                        new IllegalStateException(
                                            "GitHub answered " + response.statusCode().value())));
                          }
                          int last = lastPage(response.headers().asHttpHeaders().getFirst("Link"));
                          return response
                              .bodyToMono(byte[].class)
                              .map(body -> new Page(commentsOf(body), last));
                        }));
  }

  private static int lastPage(String link) {
    Matcher last = LAST_PAGE.matcher(link == null ? "" : link);
    return last.find() ? Integer.parseInt(last.group(1)) : 1;
  }

  private static List<PostedComment> commentsOf(byte[] body) {
    List<PostedComment> comments = new ArrayList<>();
    for (JsonNode comment : JSON.readTree(body)) {
      JsonNode user = comment.path("user");
      comments.add(
          new PostedComment(
              user.path("login").asString(""),
              user.path("type").asString(""),
              comment.path("author_association").asString("NONE"),
              comment.path("body").asString(""),
              instantOf(comment.path("created_at").asString(""))));
    }
    return comments;
  }

  private static Instant instantOf(String timestamp) {
    try {
      return Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }
}
