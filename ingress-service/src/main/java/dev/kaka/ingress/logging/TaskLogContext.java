package dev.kaka.ingress.logging;

import io.micrometer.context.ThreadLocalAccessor;
import org.slf4j.MDC;

/**
 * The task a request is about, as the {@code deliveryId} and {@code taskId} fields of every log
 * line written for it. A request hops between threads, so the context travels in the Reactor
 * context and is put into the MDC where the request's work resumes ({@link ResumedWork}). The task
 * id is learned late, when the trigger is published, so the context is mutable.
 */
final class TaskLogContext {

  static final String DELIVERY_ID = "deliveryId";
  static final String TASK_ID = "taskId";
  static final String KEY = "kaka.task-log-context";

  private static final ThreadLocal<TaskLogContext> CURRENT = new ThreadLocal<>();

  private final String deliveryId;
  private volatile String taskId;

  TaskLogContext(String deliveryId) {
    this.deliveryId = deliveryId;
  }

  /** The context of the work running on this thread, or null. */
  static TaskLogContext current() {
    return CURRENT.get();
  }

  void taskId(String taskId) {
    this.taskId = taskId;
    MDC.put(TASK_ID, taskId);
  }

  private void enter() {
    CURRENT.set(this);
    MDC.put(DELIVERY_ID, deliveryId);
    if (taskId != null) {
      MDC.put(TASK_ID, taskId);
    } else {
      MDC.remove(TASK_ID);
    }
  }

  private static void leave() {
    CURRENT.remove();
    MDC.remove(DELIVERY_ID);
    MDC.remove(TASK_ID);
  }

  /** Lets Reactor restore the context on whichever thread continues the request. */
  static final class Accessor implements ThreadLocalAccessor<TaskLogContext> {

    @Override
    public Object key() {
      return KEY;
    }

    @Override
    public TaskLogContext getValue() {
      return CURRENT.get();
    }

    @Override
    public void setValue(TaskLogContext value) {
      value.enter();
    }

    @Override
    public void setValue() {
      leave();
    }

    @Override
    public void restore(TaskLogContext previous) {
      previous.enter();
    }

    @Override
    public void restore() {
      leave();
    }
  }
}
