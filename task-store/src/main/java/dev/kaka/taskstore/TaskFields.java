package dev.kaka.taskstore;

/**
 * The stored names of {@link TaskDocument}'s fields, for queries, updates and indexes: each names a
 * component of the record (a test holds them to it).
 */
public final class TaskFields {

  public static final String ID = "_id";
  public static final String DELIVERY_ID = "deliveryId";
  public static final String REPOSITORY = "repository";
  public static final String ISSUE_NUMBER = "issueNumber";
  public static final String ISSUE_TITLE = "issueTitle";
  public static final String ISSUE_URL = "issueUrl";
  public static final String REQUESTER = "requester";
  public static final String TRIGGER = "trigger";
  public static final String INSTRUCTIONS = "instructions";
  public static final String SOURCE = "source";
  public static final String STATUS = "status";
  public static final String ATTEMPT = "attempt";
  public static final String PROGRESS = "progress";
  public static final String REPORTED_PROGRESS = "reportedProgress";
  public static final String BRANCH = "branch";
  public static final String BASE_BRANCH = "baseBranch";
  public static final String HEAD_SHA = "headSha";
  public static final String WORKER = "worker";
  public static final String FILES_CHANGED = "filesChanged";
  public static final String PULL_REQUEST_NUMBER = "pullRequestNumber";
  public static final String PULL_REQUEST_URL = "pullRequestUrl";
  public static final String FAILURE_KIND = "failureKind";
  public static final String ERROR = "error";
  public static final String RETRYABLE = "retryable";
  public static final String CANCELLED_BY = "cancelledBy";
  public static final String AGENT = "agent";
  public static final String AGENT_PROGRESS = "agentProgress";
  public static final String AGENT_PROGRESS_AT = "agentProgress.at";
  public static final String CREATED_AT = "createdAt";
  public static final String STARTED_AT = "startedAt";
  public static final String FINISHED_AT = "finishedAt";
  public static final String UPDATED_AT = "updatedAt";

  private TaskFields() {}
}
