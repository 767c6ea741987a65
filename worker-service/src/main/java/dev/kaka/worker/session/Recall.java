package dev.kaka.worker.session;

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
   * What the run starts from after the agent could not resume this one's session ({@link
   * dev.kaka.worker.agent.AgentResult#sessionRefused()}): a new session, said like any other fresh
   * start.
   */
  public Recall refused() {
    return new Recall(
        SessionPlan.fresh(plan.maxBytes()),
        null,
        "the session of the last run could not be restored");
  }

  /** What the task's report says the run that completed remembered; null on a first run. */
  public String reportNote() {
    if (taskId != null) {
      return "Resumed the session of the last run on this pull request (task " + taskId + ").";
    }
    return freshBecause == null ? null : "Started fresh: " + freshBecause + ".";
  }
}
