package dev.kaka.common.event;

/** How a maintainer asked Kaka to work on an issue. */
public enum TriggerKind {
  /** The trigger label was added to the issue. */
  LABEL,
  /** A comment on the issue started with the command. */
  COMMENT
}
