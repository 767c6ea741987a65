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
  RETRY,
  /**
   * The checks of a pull request Kaka opened failed, and Kaka fixes them: by itself where the
   * repository's settings say so, or because someone commented {@code /kaka fix-checks}.
   */
  FIX_CHECKS,
  /**
   * A review of a pull request Kaka opened addressed Kaka, in its text or in any of its comments:
   * one task carries all its comments.
   */
  REVIEW
}
