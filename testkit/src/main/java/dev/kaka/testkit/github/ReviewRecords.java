package dev.kaka.testkit.github;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The submitted reviews of every repository's pull requests, by repository and review id.
 * Synchronized, handing out immutable values, as {@link GitHubState} does.
 */
final class ReviewRecords {

  private final LongSupplier ids;
  private final Clock clock;
  private final Map<String, Map<Long, FakeReview>> byRepository = new HashMap<>();

  ReviewRecords(LongSupplier ids, Clock clock) {
    this.ids = ids;
    this.clock = clock;
  }

  synchronized FakeReview submit(
      String repository,
      int pullNumber,
      String reviewer,
      String body,
      List<FakeReviewComment> drafts) {
    long id = ids.getAsLong();
    List<FakeReviewComment> comments = new ArrayList<>();
    for (FakeReviewComment draft : drafts) {
      comments.add(
          new FakeReviewComment(ids.getAsLong(), draft.path(), draft.line(), draft.body()));
    }
    FakeReview review =
        new FakeReview(
            id, pullNumber, reviewer, body == null ? "" : body, comments, clock.instant());
    byRepository.computeIfAbsent(repository, ignored -> new HashMap<>()).put(id, review);
    return review;
  }

  synchronized Optional<FakeReview> review(String repository, long id) {
    return Optional.ofNullable(byRepository.getOrDefault(repository, Map.of()).get(id));
  }
}
