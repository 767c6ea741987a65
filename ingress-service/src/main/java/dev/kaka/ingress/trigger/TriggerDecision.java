package dev.kaka.ingress.trigger;

import dev.kaka.common.event.IssueTriggered;

/** What the trigger rules made of one delivery. */
public sealed interface TriggerDecision {

  /** The delivery asks for a task. */
  record Accepted(IssueTriggered event) implements TriggerDecision {}

  /** A valid delivery that is not a request for Kaka; answered 2xx, no task. */
  record Ignored(String reason) implements TriggerDecision {}

  /** A delivery that cannot be turned into a task because its content is unusable. */
  record Rejected(String reason) implements TriggerDecision {}
}
