package dev.kaka.common.event;

/** Why a task failed; each kind gets its own advice in the issue comment. */
public enum FailureKind {
  /** The agent exited non-zero or reported an error that no other kind describes. */
  AGENT_FAILED,
  /** The agent ran past the wall-clock limit and was killed. */
  AGENT_TIMED_OUT,
  /** The agent used all the turns {@code kaka.agent.max-turns} allows without finishing. */
  AGENT_MAX_TURNS,
  /** The agent spent the budget {@code kaka.agent.max-budget-usd} allows. */
  AGENT_BUDGET_EXCEEDED,
  /** The agent has no valid credentials for the model's API ("Not logged in", HTTP 401). */
  AGENT_NOT_AUTHENTICATED,
  /** The model's API could not be reached or kept failing (connection, timeout, 5xx, 529). */
  AGENT_API_UNREACHABLE,
  /** The agent's program is not installed on the worker. */
  AGENT_NOT_INSTALLED,
  /** The agent changed nothing because the tool uses it needed were refused. */
  AGENT_PERMISSION_DENIED,
  /** The agent finished but left the repository unchanged. */
  NO_CHANGES,
  /**
   * The agent's sandbox could not start on the worker (no user namespaces, bubblewrap missing);
   * another worker may succeed, so it is retried.
   */
  SANDBOX_UNAVAILABLE,
  /**
   * A set-up command of the repository ({@code setup:} in its {@code .github/kaka.yml}) failed or
   * ran out of time before the agent started; the message quotes its last lines.
   */
  SETUP_FAILED,
  /**
   * The agent's change holds something Kaka does not push: a workflow file, a symbolic link that
   * leads out of the repository. The message names the paths.
   */
  CHANGE_REFUSED,
  /** Cloning, fetching, committing or pushing failed. */
  GIT_FAILED,
  /** A GitHub API call failed. */
  GITHUB_FAILED,
  /** The trigger could not be turned into a task (for example an unusable repository name). */
  INVALID_REQUEST,
  /**
   * The trigger was older than {@code kaka.worker.max-trigger-age} when a worker took it, so it was
   * not run: most likely Kafka delivered it again from its history. Not retried by itself; {@code
   * /kaka} or the retry API runs it again.
   */
  STALE_TRIGGER,
  /**
   * A fix of a pull request's failing checks found nothing to fix: the pull request's head moved on
   * from the commit whose checks failed (its own checks are judged on their own), or no check has
   * failed on its head. Not retried.
   */
  NOTHING_TO_FIX,
  /**
   * The task was still running longer than any run may take ({@code kaka.janitor.longest-run}),
   * with no outcome reported: its worker stopped or could not publish it. Written by the notifier's
   * janitor, not by a worker; not retried by itself, {@code /kaka} or the retry API runs it again.
   */
  STUCK,
  /** Kaka itself failed; the message says where, the logs say more. */
  INTERNAL_ERROR
}
