package dev.kaka.common.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;

/**
 * An event on {@value dev.kaka.common.Topics#TASK_EVENTS}: what became of a task's run, from its
 * start to its outcome. Only these types are read from that topic; any other is refused when it is
 * read.
 */
@JsonSubTypes({
  @JsonSubTypes.Type(value = TaskStarted.class, name = "TaskStarted"),
  @JsonSubTypes.Type(value = TaskProgressed.class, name = "TaskProgressed"),
  @JsonSubTypes.Type(value = TaskCompleted.class, name = "TaskCompleted"),
  @JsonSubTypes.Type(value = TaskFailed.class, name = "TaskFailed"),
  @JsonSubTypes.Type(value = TaskCancelled.class, name = "TaskCancelled")
})
public sealed interface RunEvent extends TaskEvent
    permits TaskStarted, TaskProgressed, TaskCompleted, TaskFailed, TaskCancelled {

  /** Calls the method of {@code handler} for this event's type. */
  <R> R accept(Handler<R> handler);

  /** One method per event of the topic, so that a new event fails to compile until handled. */
  interface Handler<R> {

    R taskStarted(TaskStarted event);

    R taskProgressed(TaskProgressed event);

    R taskCompleted(TaskCompleted event);

    R taskFailed(TaskFailed event);

    R taskCancelled(TaskCancelled event);
  }
}
