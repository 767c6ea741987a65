package dev.kaka.testkit.github;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of a submitted pull request review on {@link FakeGitHub}.
 *
 * @param body the review's own text; empty when the reviewer wrote none
 * @param comments its comments on lines of the pull request's files, in the order they were made
 */
public record FakeReview(
    long id,
    int pullNumber,
    String reviewer,
    String body,
    List<FakeReviewComment> comments,
    Instant submittedAt) {

  public FakeReview {
    comments = List.copyOf(comments);
  }
}
