package dev.kaka.ingress.trigger;

import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.Review;
import dev.kaka.common.event.TaskSettings;
import dev.kaka.common.event.TriggerRefused;
import java.util.Optional;

/** What the trigger rules made of one delivery. */
public sealed interface TriggerDecision {

  /**
   * The task this decision starts, for an accepted trigger or a follow-up, and empty for every
   * other decision: what the rate limits count, what the replay check guards, and whose clone host
   * must be one this Kaka serves.
   */
  default Optional<IssueTriggered> work() {
    return Optional.empty();
  }

  /** The delivery asks for a task on an issue. */
  record Accepted(IssueTriggered event) implements TriggerDecision {

    @Override
    public Optional<IssueTriggered> work() {
      return Optional.of(event);
    }
  }

  /**
   * The delivery asks Kaka to continue pull request {@code pullRequestNumber}; its branch is looked
   * up before the task is queued, and only pull requests Kaka opened qualify.
   */
  record FollowUp(IssueTriggered event, int pullRequestNumber) implements TriggerDecision {

    @Override
    public Optional<IssueTriggered> work() {
      return Optional.of(event);
    }
  }

  /**
   * A check failed on the head commit of pull request {@code pullRequestNumber}. What Kaka does
   * about it depends on whether it opened the pull request and how many fixes it had already, which
   * the dispatcher looks up: fix it, or say so on the pull request.
   *
   * @param check the failed check's name
   * @param sender who reported it, as the webhook's sender (GitHub's app for the checks)
   * @param settings the repository's task settings; null for none
   */
  record ChecksFailed(
      String deliveryId,
      RepositoryRef repository,
      int pullRequestNumber,
      String headSha,
      String check,
      String sender,
      TaskSettings settings)
      implements TriggerDecision {}

  /**
   * A review submitted on a pull request, not by Kaka: whether it asks Kaka for work depends on its
   * comments as well as on its text, so it waits for them ({@code ReviewGatherer} reads them) and
   * is never dispatched as it is.
   *
   * @param followUp the task it becomes once it addresses Kaka, still without the review's comments
   * @param command the command that addresses Kaka on the repository
   * @param textAddresses whether the review's own text asks Kaka for work
   * @param refusal what it becomes instead when the reviewer may not start Kaka; null when they may
   */
  record ReviewSubmitted(
      FollowUp followUp, long reviewId, String command, boolean textAddresses, Refused refusal)
      implements TriggerDecision {

    public RepositoryRef repository() {
      return followUp.event().repository();
    }

    public String reviewer() {
      return followUp.event().trigger().requester();
    }

    /** What the review amounts to with its comments {@code carried}. */
    public TriggerDecision addressed(Review carried) {
      if (refusal != null) {
        return refusal;
      }
      IssueTriggered task = followUp.event();
      return new FollowUp(
          task.withTrigger(task.trigger().withReview(carried)), followUp.pullRequestNumber());
    }
  }

  /** A trusted person asked to stop the issue's queued or running task. */
  record Cancel(String deliveryId, RepositoryRef repository, IssueRef issue, String requester)
      implements TriggerDecision {}

  /** A request for Kaka that it will not act on; the requester is told why. */
  record Refused(TriggerRefused event) implements TriggerDecision {}

  /**
   * A push to the repository's default branch: not a request for Kaka, but its {@code
   * .github/kaka.yml} may have changed, so what is known of it is forgotten.
   */
  record DefaultBranchPushed(RepositoryRef repository) implements TriggerDecision {}

  /** A valid delivery that is not a request for Kaka; answered 2xx, no task. */
  record Ignored(String reason) implements TriggerDecision {}

  /** A delivery that cannot be turned into a task because its content is unusable. */
  record Rejected(String reason) implements TriggerDecision {}
}
