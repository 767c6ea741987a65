package dev.kaka.worker.session;

import dev.kaka.worker.agent.AgentSession;
import dev.kaka.worker.agent.SessionPlan;

/**
 * What a run starts from: the session of the last run on its pull request, or a new one.
 *
 * @param plan the session the agent continues, and how much of its own it hands back
 * @param taskId the task whose session is resumed; null when none is
 * @param freshBecause why a run on a pull request starts a new session, for its user and the agent;
 *     null on a first run and when the session is resumed
 */
public record Recall(SessionPlan plan, String taskId, String freshBecause) {

  /** What the agent is told, after its prompt; empty when there is nothing to tell. */
  public String promptNote() {
    if (freshBecause != null) {
      return "\n\nKaka worked on this pull request before, but could not give you that"
          + " conversation ("
          + freshBecause
          + "): read the branch's changes to catch up.";
    }
    return taskId == null
        ? ""
        : "\n\nThis conversation continues your earlier work on this pull request.";
  }

  /**
   * What the task's report says the run remembered, given how the agent's run went; null on a first
   * run.
   */
  public String reportNote(AgentSession session) {
    if (taskId != null && session.resumed()) {
      return "Resumed the session of the last run on this pull request (task " + taskId + ").";
    }
    if (taskId != null) {
      return "Started fresh: the session of the last run (task "
          + taskId
          + ") could not be restored on this worker.";
    }
    return freshBecause == null ? null : "Started fresh: " + freshBecause + ".";
  }
}
