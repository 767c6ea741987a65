package dev.kaka.common.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Checks failed on the head of a pull request Kaka opened, and Kaka does not fix them by itself:
 * the notifier keeps one comment per head commit on the pull request saying so. No task exists;
 * {@code taskId} names the notice, the same for every delivery about the same head.
 *
 * @param issue the pull request
 * @param headSha the commit the checks ran on
 * @param checks the names of the failed checks known so far, in the order they were reported
 * @param fixAttempts the fix tasks the pull request had already
 * @param maxFixAttempts how many the repository allows ({@code pull-request.max-fix-attempts})
 * @param gaveUp true when those attempts are used up: the checks are reported and left alone; false
 *     when the repository does not let Kaka fix them by itself, and the comment offers {@code /kaka
 *     fix-checks}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChecksFailed(
    int schemaVersion,
    String taskId,
    String deliveryId,
    RepositoryRef repository,
    IssueRef issue,
    int attempt,
    String headSha,
    List<String> checks,
    int fixAttempts,
    int maxFixAttempts,
    boolean gaveUp,
    Instant occurredAt)
    implements TriggerEvent {

  public ChecksFailed {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(deliveryId, "deliveryId");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(issue, "issue");
    Objects.requireNonNull(headSha, "headSha");
    Objects.requireNonNull(occurredAt, "occurredAt");
    checks = checks == null ? List.of() : List.copyOf(checks);
  }

  @Override
  public <R> R accept(Handler<R> handler) {
    return handler.checksFailed(this);
  }
}
