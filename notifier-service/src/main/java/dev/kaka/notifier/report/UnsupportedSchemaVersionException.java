package dev.kaka.notifier.report;

/**
 * An event written by a newer (or broken) producer: reading it as this version would be a guess.
 */
class UnsupportedSchemaVersionException extends RuntimeException {

  UnsupportedSchemaVersionException(String taskId, int version) {
    super("Task " + taskId + " event has unknown schema version " + version);
  }
}
