package dev.kaka.common.event;

/** Why a task failed; each kind gets its own advice in the issue comment. */
public enum FailureKind {
  /** The agent exited non-zero or reported an error. */
  AGENT_FAILED,
  /** The agent ran past the wall-clock limit and was killed. */
  AGENT_TIMED_OUT,
  /** The agent finished but left the repository unchanged. */
  NO_CHANGES,
  /** Cloning, fetching, committing or pushing failed. */
  GIT_FAILED,
  /** A GitHub API call failed. */
  GITHUB_FAILED,
  /** The trigger could not be turned into a task (for example an unusable repository name). */
  INVALID_REQUEST,
  /** Kaka itself failed; the message says where, the logs say more. */
  INTERNAL_ERROR
}
