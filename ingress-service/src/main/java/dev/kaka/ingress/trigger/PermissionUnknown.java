package dev.kaka.ingress.trigger;

import java.time.Duration;

/**
 * GitHub could not say what a person may do on a repository. Nobody is trusted on a guess: the
 * trigger waits for an answer, either by a redelivery ({@link #passing}) or never.
 */
public final class PermissionUnknown extends RuntimeException {

  /** When a redelivery may find GitHub answering again; GitHub shows it in the delivery log. */
  public static final Duration RETRY_AFTER = Duration.ofSeconds(30);

  private final boolean passing;

  /**
   * @param reason why, in words for GitHub's delivery log: nothing about hosts or tokens
   * @param passing whether the cause may pass by itself, such as a 5xx answer or a timeout
   */
  public PermissionUnknown(String reason, boolean passing) {
    super(reason, null, false, false);
    this.passing = passing;
  }

  /** Whether redelivering the webhook later may succeed; otherwise the trigger is refused. */
  public boolean passing() {
    return passing;
  }
}
