package dev.kaka.common.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;

/**
 * An event on {@value dev.kaka.common.Topics#ISSUE_TRIGGERED}: what the ingress decided about a
 * trigger. Only these types are read from that topic; any other is refused when it is read.
 */
@JsonSubTypes({
  @JsonSubTypes.Type(value = IssueTriggered.class, name = "IssueTriggered"),
  @JsonSubTypes.Type(value = TriggerRefused.class, name = "TriggerRefused"),
  @JsonSubTypes.Type(value = ChecksFailed.class, name = "ChecksFailed")
})
public sealed interface TriggerEvent extends TaskEvent
    permits IssueTriggered, TriggerRefused, ChecksFailed {

  /** Calls the method of {@code handler} for this event's type. */
  <R> R accept(Handler<R> handler);

  /** One method per event of the topic, so that a new event fails to compile until handled. */
  interface Handler<R> {

    R issueTriggered(IssueTriggered event);

    R triggerRefused(TriggerRefused event);

    R checksFailed(ChecksFailed event);
  }
}
