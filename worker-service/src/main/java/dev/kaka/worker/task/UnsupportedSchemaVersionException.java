package dev.kaka.worker.task;

/** A task written by a newer (or broken) producer: running it as this version would be a guess. */
class UnsupportedSchemaVersionException extends RuntimeException {

  UnsupportedSchemaVersionException(String taskId, int version) {
    super("Task " + taskId + " has unknown schema version " + version);
  }
}
