package dev.kaka.common.event;

/**
 * The versioning rule of the events, and the one check every consumer applies.
 *
 * <p>{@code schemaVersion} is the event's major version ({@link TaskEvent#SCHEMA_VERSION} is the
 * one this code writes). Within a major version, changes are additive only: a new field is
 * optional, so a record written before it existed reads with it null or empty, and no field is
 * renamed, removed or given another meaning; a new event type is a new type on its topic's
 * interface. Anything else is a new major version.
 *
 * <p>A consumer reads every version up to the newest it knows, and ignores the fields it does not
 * know (every record is {@code @JsonIgnoreProperties(ignoreUnknown = true)}), so producers may add
 * fields before consumers are upgraded. An event of a newer major version than a consumer knows is
 * not guessed at: the consumer sends it to its topic's dead-letter topic with the reason, without
 * retrying, since no retry makes it readable; once an upgraded consumer runs, the dead letters are
 * replayed. So a new major version is deployed consumers first, producers last.
 */
public final class EventVersions {

  private EventVersions() {}

  /** Whether this code may read {@code event}, by the rule above. */
  public static boolean isReadable(TaskEvent event) {
    return isReadable(event, TaskEvent.SCHEMA_VERSION);
  }

  /**
   * Returns quietly when this code may read {@code event}.
   *
   * @throws NewerSchemaVersionException when it is of a newer major version than this code knows
   */
  public static void requireReadable(TaskEvent event) {
    requireReadable(event, TaskEvent.SCHEMA_VERSION);
  }

  static boolean isReadable(TaskEvent event, int newestKnown) {
    return event.schemaVersion() <= newestKnown;
  }

  static void requireReadable(TaskEvent event, int newestKnown) {
    if (!isReadable(event, newestKnown)) {
      throw new NewerSchemaVersionException(event, newestKnown);
    }
  }
}
