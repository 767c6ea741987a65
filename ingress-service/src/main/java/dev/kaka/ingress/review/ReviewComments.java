package dev.kaka.ingress.review;

import dev.kaka.common.event.RepositoryRef;
import java.util.List;
import reactor.core.publisher.Mono;

/** Where {@link ReviewGatherer} reads a review's comments: GitHub, in service. */
public interface ReviewComments {

  /**
   * The comments of review {@code reviewId} of pull request {@code number}, as GitHub lists them;
   * fails when GitHub does not serve them.
   */
  Mono<Listed> of(RepositoryRef repository, int number, long reviewId);

  /**
   * @param comments the review's comments, as far as they were read
   * @param moreExist whether the review has more comments than these, not read
   */
  record Listed(List<PostedReviewComment> comments, boolean moreExist) {

    public Listed {
      comments = List.copyOf(comments);
    }
  }
}
