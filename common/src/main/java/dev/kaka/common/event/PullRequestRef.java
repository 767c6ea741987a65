package dev.kaka.common.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * A pull request Kaka opened, to continue working on.
 *
 * @param branch the pull request's head branch, in the same repository
 * @param checkFix set when the task is to fix the pull request's failing checks; null otherwise,
 *     and in events written before it existed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PullRequestRef(
    int number,
    String branch,
    String url,
    @JsonInclude(JsonInclude.Include.NON_NULL) CheckFix checkFix) {

  public PullRequestRef {
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(url, "url");
  }

  /** A pull request to continue as someone asked. */
  public PullRequestRef(int number, String branch, String url) {
    this(number, branch, url, null);
  }

  /**
   * Which failing checks a task fixes.
   *
   * @param headSha the head commit whose checks failed; the worker fixes nothing when the pull
   *     request has moved on from it. Null when someone asked for the fix by command: then the head
   *     the worker finds is the one
   * @param attempt this fix's number on the pull request, from 1; counted apart from a task's retry
   *     attempts
   * @param maxAttempts how many fixes the repository allows on one pull request
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record CheckFix(
      @JsonInclude(JsonInclude.Include.NON_NULL) String headSha, int attempt, int maxAttempts) {}
}
