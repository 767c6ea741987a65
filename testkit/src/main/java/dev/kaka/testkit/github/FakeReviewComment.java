package dev.kaka.testkit.github;

/**
 * A comment of a {@link FakeReview}, on one line of a file of the pull request's new version.
 *
 * @param id GitHub's id of the comment; 0 for a draft, before the review is submitted
 */
public record FakeReviewComment(long id, String path, int line, String body) {

  /** A comment to submit with a review ({@link FakeGitHub#submitReview}). */
  public static FakeReviewComment draft(String path, int line, String body) {
    return new FakeReviewComment(0, path, line, body);
  }
}
