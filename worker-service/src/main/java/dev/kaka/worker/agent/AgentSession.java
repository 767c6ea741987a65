package dev.kaka.worker.agent;

/**
 * The CLI's session as a run left it, for the next run on the same pull request.
 *
 * @param sessionId the session's id; null when the run left none (it was stopped before it reported
 *     one, or no session was to be kept)
 * @param size the session file's size in bytes
 * @param content the session file with secrets masked; null when it was over the run's cap
 */
public record AgentSession(String sessionId, long size, String content) {

  /** Nothing kept. */
  public static AgentSession none() {
    return new AgentSession(null, 0, null);
  }

  /** Whether there is a session to keep, or at least to say it was too large. */
  public boolean left() {
    return sessionId != null;
  }
}
