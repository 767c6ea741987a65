package dev.kaka.taskstore;

/**
 * The stored names of {@link AuditDocument}'s fields, for queries and updates: each names a
 * component of the record (a test holds them to it).
 */
public final class AuditFields {

  public static final String ID = "_id";
  public static final String REPOSITORY = "repository";
  public static final String ISSUE_NUMBER = "issueNumber";
  public static final String HISTORY = "history";
  public static final String HISTORY_KEY = HISTORY + "." + Entry.KEY;
  public static final String RUN_ATTEMPT = "runAttempt";
  public static final String PROMPT = "prompt";
  public static final String SETTINGS = "settings";

  private AuditFields() {}

  /** The stored names of a history entry's fields, within {@link #HISTORY}. */
  public static final class Entry {

    public static final String KEY = "key";
    public static final String AT = "at";

    private Entry() {}
  }
}
