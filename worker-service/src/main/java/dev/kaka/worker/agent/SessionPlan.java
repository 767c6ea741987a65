package dev.kaka.worker.agent;

/**
 * What one run does with the Claude Code CLI's session.
 *
 * @param resumeId the session to continue ({@code --resume}); null to start a new one
 * @param resumeContent that session's file, as an earlier run left it; null exactly when {@code
 *     resumeId} is
 * @param maxBytes the largest session the run hands back for the next run; 0 hands back none
 */
public record SessionPlan(String resumeId, String resumeContent, long maxBytes) {

  /** A new session, none handed back. */
  public static final SessionPlan NONE = new SessionPlan(null, null, 0);

  public SessionPlan {
    if ((resumeId == null) != (resumeContent == null)) {
      throw new IllegalArgumentException("a session to resume needs both its id and its content");
    }
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
    }
  }

  /** A new session, handed back up to {@code maxBytes}. */
  public static SessionPlan fresh(long maxBytes) {
    return new SessionPlan(null, null, maxBytes);
  }

  /** Continues the session {@code id} of {@code content}, handed back up to {@code maxBytes}. */
  public static SessionPlan resume(String id, String content, long maxBytes) {
    return new SessionPlan(id, content, maxBytes);
  }

  boolean resumes() {
    return resumeId != null;
  }
}
