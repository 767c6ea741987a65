package dev.kaka.worker.task;

/** Kafka did not acknowledge a task event; the task record stays to be tried again. */
class OutcomeNotPublishedException extends RuntimeException {

  OutcomeNotPublishedException(String message, Throwable cause) {
    super(message, cause);
  }
}
