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
import org.springframework.stereotype.Component;
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
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ListPages pages;
  private final Duration timeout;

  CommentLookup(
      GitHubProperties github, Optional<RepositoryTokens> tokens, SettingsProperties settings) {
    this.timeout = settings.readTimeout();
    this.pages = ListPages.of(github.apiUrl(), tokens, timeout, MAX_ANSWER_BYTES).orElse(null);
  }

  @Override
  public Mono<Listed> of(RepositoryRef repository, int number) {
    if (pages == null) {
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
    return pages
        .read(
            repository,
            "/repos/{owner}/{name}/issues/{number}/comments?per_page={size}&page={page}",
            repository.owner(),
            repository.name(),
            number,
            PAGE_SIZE,
            page)
        .map(read -> new Page(commentsOf(read.body()), read.lastPage()));
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
