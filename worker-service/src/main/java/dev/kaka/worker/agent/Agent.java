package dev.kaka.worker.agent;

/**
 * A coding agent that works on a checked-out repository. The seam where another agent than the
 * Claude Code CLI can be plugged in.
 */
public interface Agent {

  /**
   * Runs the agent in the request's workspace until it ends or its time is up. Never throws: every
   * failure, including the worker's own, comes back as a {@link AgentResult}.
   */
  AgentResult run(AgentRequest request);
}
