package dev.kaka.ingress.trigger;

import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.RepositoryRef;
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
