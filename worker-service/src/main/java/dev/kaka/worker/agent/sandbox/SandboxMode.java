package dev.kaka.worker.agent.sandbox;

/** Whether the agent runs fenced in ({@code kaka.agent.sandbox}). */
public enum SandboxMode {
  /**
   * Every run in its own sandbox; where none can start, the run fails as {@code
   * SANDBOX_UNAVAILABLE} and the worker reports itself not ready. The default.
   */
  REQUIRED,
  /**
   * No sandbox, an operator's explicit choice: the agent runs as the worker's user, and may edit
   * files but not run commands.
   */
  OFF
}
