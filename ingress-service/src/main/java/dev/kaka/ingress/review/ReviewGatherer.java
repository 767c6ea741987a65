package dev.kaka.ingress.review;

import dev.kaka.common.event.Review;
import dev.kaka.common.event.ReviewComment;
import dev.kaka.ingress.trigger.TriggerDecision;
import dev.kaka.ingress.trigger.TriggerRules;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Reads the comments of a submitted review and decides what the review asks of Kaka: nothing when
 * neither its text nor any comment starts with the command; otherwise one follow-up task carrying
 * every comment of the review with its file and line, or the reviewer's refusal. The comments keep
 * GitHub's order within a size; those beyond it are left out, and the task says so. When GitHub
 * does not serve them the delivery fails, so that GitHub can deliver it again: a review's task
 * without its comments would miss the point.
 */
@Component
public class ReviewGatherer {

  // with the text and its discussion, the task's event stays within Kafka's default
  // record size of 1 MB however the text encodes
  private static final long MAX_BYTES = 64 * 1024;
  private static final String CUT = "\n[…]";

  private final ReviewComments comments;

  ReviewGatherer(ReviewComments comments) {
    this.comments = comments;
  }

  /** The review's decision once its comments are read; other decisions as they are. */
  public Mono<TriggerDecision> gather(TriggerDecision decision) {
    if (!(decision instanceof TriggerDecision.ReviewSubmitted review)) {
      return Mono.just(decision);
    }
    return comments
        .of(review.repository(), review.followUp().pullRequestNumber(), review.reviewId())
        .onErrorMap(failure -> new ReviewUnreadable(review.reviewId(), failure))
        .map(listed -> decide(review, listed));
  }

  private static TriggerDecision decide(
      TriggerDecision.ReviewSubmitted review, ReviewComments.Listed listed) {
    // a review is one person's: anything else listed under it is not theirs to carry
    List<PostedReviewComment> reviewers =
        listed.comments().stream()
            .filter(comment -> comment.login().equalsIgnoreCase(review.reviewer()))
            .toList();
    boolean addressed =
        review.textAddresses()
            || reviewers.stream().anyMatch(comment -> asked(comment, review) != null);
    if (!addressed) {
      return new TriggerDecision.Ignored(
          "neither the review nor any of its comments starts with " + review.command());
    }
    return review.addressed(capped(review, reviewers, listed.moreExist()));
  }

  /** What the comment asks after the command, or null when it does not start with it. */
  private static String asked(PostedReviewComment comment, TriggerDecision.ReviewSubmitted review) {
    return TriggerRules.workAskedFor(comment.body(), review.command()).orElse(null);
  }

  /** The comments that fit, in order, the command taken off; the first alone is cut to fit. */
  private static Review capped(
      TriggerDecision.ReviewSubmitted review,
      List<PostedReviewComment> reviewers,
      boolean moreExist) {
    List<ReviewComment> kept = new ArrayList<>();
    long left = MAX_BYTES;
    for (PostedReviewComment comment : reviewers) {
      String asked = asked(comment, review);
      String body = asked != null ? asked : comment.body();
      long size = bytes(body) + bytes(comment.path());
      if (size > left && !kept.isEmpty()) {
        break;
      }
      kept.add(
          new ReviewComment(comment.path(), comment.line(), size > left ? cut(body, left) : body));
      left -= Math.min(size, left);
    }
    return new Review(
        review.reviewId(), kept, moreExist || kept.size() < reviewers.size(), review.reviewer());
  }

  private static long bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  // characters are at most four bytes: a quarter of the budget in characters always fits
  private static String cut(String body, long bytes) {
    int characters = (int) Math.max(0, bytes / 4 - CUT.length());
    return body.substring(0, Math.min(body.length(), characters)) + CUT;
  }
}
