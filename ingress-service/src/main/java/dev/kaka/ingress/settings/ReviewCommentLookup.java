package dev.kaka.ingress.settings;

import dev.kaka.common.event.RepositoryRef;
import dev.kaka.ingress.review.PostedReviewComment;
import dev.kaka.ingress.review.ReviewComments;
import dev.kaka.support.github.GitHubProperties;
import dev.kaka.support.github.RepositoryTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A review's comments, from GitHub's pull request reviews API ({@code GET
 * /repos/{owner}/{repo}/pulls/{number}/reviews/{id}/comments}): pages of 100, at most three, so a
 * review costs one call unless it has more than a hundred comments. Bounded by {@code
 * kaka.repository-settings.read-timeout}, as the other lookups of a trigger are. Without GitHub
 * credentials nothing is read.
 */
@Component
class ReviewCommentLookup implements ReviewComments {

  private static final int PAGE_SIZE = 100;
  private static final int MAX_PAGES = 3;
  // a page of 100 comments of GitHub's largest size, with their JSON and diff hunks
  private static final int MAX_ANSWER_BYTES = 32 * 1024 * 1024;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ListPages pages;
  private final Duration timeout;

  ReviewCommentLookup(
      GitHubProperties github, Optional<RepositoryTokens> tokens, SettingsProperties settings) {
    this.timeout = settings.readTimeout();
    this.pages = ListPages.of(github.apiUrl(), tokens, timeout, MAX_ANSWER_BYTES).orElse(null);
  }

  @Override
  public Mono<Listed> of(RepositoryRef repository, int number, long reviewId) {
    if (pages == null) {
      return Mono.error(new IllegalStateException("the ingress has no GitHub credentials"));
    }
    return page(repository, number, reviewId, 1)
        .flatMap(
            first -> {
              int last = Math.min(first.lastPage(), MAX_PAGES);
              return Flux.range(2, Math.max(0, last - 1))
                  .concatMap(page -> page(repository, number, reviewId, page))
                  .startWith(first)
                  .flatMapIterable(read -> commentsOf(read.body()))
                  .collectList()
                  .map(comments -> new Listed(comments, first.lastPage() > MAX_PAGES));
            })
        .timeout(timeout);
  }

  private Mono<ListPages.Page> page(RepositoryRef repository, int number, long reviewId, int page) {
    return pages.read(
        repository,
        "/repos/{owner}/{name}/pulls/{number}/reviews/{id}/comments?per_page={size}&page={page}",
        repository.owner(),
        repository.name(),
        number,
        reviewId,
        PAGE_SIZE,
        page);
  }

  private static List<PostedReviewComment> commentsOf(byte[] body) {
    List<PostedReviewComment> comments = new ArrayList<>();
    for (JsonNode comment : JSON.readTree(body)) {
      comments.add(
          new PostedReviewComment(
              comment.path("user").path("login").asString(""),
              comment.path("path").asString(""),
              lineOf(comment),
              comment.path("body").asString("")));
    }
    return comments;
  }

  // a comment on the file as a whole has none, nor one on a line the pull request no longer has
  private static Integer lineOf(JsonNode comment) {
    JsonNode line = comment.path("line");
    return line.isIntegralNumber() && line.asInt() > 0 ? line.asInt() : null;
  }
}
