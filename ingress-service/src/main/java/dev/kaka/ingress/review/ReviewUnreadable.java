package dev.kaka.ingress.review;

import java.time.Duration;

/**
 * GitHub did not serve a review's comments: without them the review cannot become its task, so the
 * delivery is answered as failed, for GitHub to deliver again.
 */
public final class ReviewUnreadable extends RuntimeException {

  /** When a redelivery may find GitHub answering again; GitHub shows it in the delivery log. */
  public static final Duration RETRY_AFTER = Duration.ofSeconds(30);

  ReviewUnreadable(long reviewId, Throwable cause) {
    super(
        "GitHub did not serve the comments of review "
            + reviewId
            + " ("
            + cause.getClass().getSimpleName()
            + ")",
        null,
        false,
        false);
  }
}
