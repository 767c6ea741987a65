package dev.kaka.common.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;

/**
 * An event on {@value dev.kaka.common.Topics#TASK_CONTROL}: a request to the workers about a task
 * they may hold. Only these types are read from that topic; any other is refused when it is read.
 */
@JsonSubTypes({@JsonSubTypes.Type(value = CancelRequested.class, name = "CancelRequested")})
public sealed interface ControlEvent extends TaskEvent permits CancelRequested {

  /** Calls the method of {@code handler} for this event's type. */
  <R> R accept(Handler<R> handler);

  /** One method per event of the topic, so that a new event fails to compile until handled. */
  interface Handler<R> {

    R cancelRequested(CancelRequested event);
  }
}
