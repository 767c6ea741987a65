package dev.kaka.common.event;

/** How a maintainer asked Kaka to work on an issue. */
public enum TriggerKind {
  /** The trigger label was added to the issue. */
  LABEL,
  /** A comment on the issue started with the command. */
  COMMENT,
  /** The issue was assigned to Kaka's bot account. */
  ASSIGNMENT,
  /** A comment on a pull request Kaka opened started with the command: Kaka works on its branch. */
  PR_COMMENT,
  /** A review comment on a pull request Kaka opened started with the command. */
  REVIEW_COMMENT,
  /** Someone asked, through the task API, to run a finished task again. */
  RETRY
}
