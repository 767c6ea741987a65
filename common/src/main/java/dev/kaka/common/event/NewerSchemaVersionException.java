package dev.kaka.common.event;

/**
 * An event of a newer major version than this code knows: reading it would be a guess, and reading
 * it again will not help, so consumers send it to the dead letters at once (see {@link
 * EventVersions}). The message names the event and both versions.
 */
public final class NewerSchemaVersionException extends RuntimeException {

  NewerSchemaVersionException(TaskEvent event, int newestKnown) {
    super(
        event.getClass().getSimpleName()
            + " of task "
            + event.taskId()
            + ": schema version "
            + event.schemaVersion()
            + " is newer than the "
            + newestKnown
            + " this service reads");
  }
}
