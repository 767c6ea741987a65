package dev.kaka.common.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * A trusted trigger asked for a task; published by ingress, consumed by workers and the notifier.
 *
 * @param pullRequest set when the task continues a pull request Kaka opened: the worker commits on
 *     its branch and no new pull request is opened; {@code issue} is then the pull request itself
 * @param settings what the repository's {@code .github/kaka.yml} says about running the task; null
 *     when it has none (or the ingress reads none), and in events written before it existed
 * @param conversation the issue's discussion by trusted people, as the ingress read it; null in
 *     events written before it existed and in retries
 * @param budget what the task reserved of the operator's budgets; null when none applies to it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IssueTriggered(
    int schemaVersion,
    String taskId,
    String deliveryId,
    RepositoryRef repository,
    IssueRef issue,
    String issueBody,
    Trigger trigger,
    int attempt,
    Instant occurredAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) PullRequestRef pullRequest,
    @JsonInclude(JsonInclude.Include.NON_NULL) TaskSettings settings,
    @JsonInclude(JsonInclude.Include.NON_NULL) Conversation conversation,
    @JsonInclude(JsonInclude.Include.NON_NULL) TaskBudget budget)
    implements TriggerEvent {

  /** A task outside every budget. */
  public IssueTriggered(
      int schemaVersion,
      String taskId,
      String deliveryId,
      RepositoryRef repository,
      IssueRef issue,
      String issueBody,
      Trigger trigger,
      int attempt,
      Instant occurredAt,
      PullRequestRef pullRequest,
      TaskSettings settings,
      Conversation conversation) {
    this(
        schemaVersion,
        taskId,
        deliveryId,
        repository,
        issue,
        issueBody,
        trigger,
        attempt,
        occurredAt,
        pullRequest,
        settings,
        conversation,
        null);
  }

  /** A task on an issue, not on a pull request. */
  public IssueTriggered(
      int schemaVersion,
      String taskId,
      String deliveryId,
      RepositoryRef repository,
      IssueRef issue,
      String issueBody,
      Trigger trigger,
      int attempt,
      Instant occurredAt) {
    this(
        schemaVersion,
        taskId,
        deliveryId,
        repository,
        issue,
        issueBody,
        trigger,
        attempt,
        occurredAt,
        null,
        null);
  }

  /** A task without settings of its repository. */
  public IssueTriggered(
      int schemaVersion,
      String taskId,
      String deliveryId,
      RepositoryRef repository,
      IssueRef issue,
      String issueBody,
      Trigger trigger,
      int attempt,
      Instant occurredAt,
      PullRequestRef pullRequest) {
    this(
        schemaVersion,
        taskId,
        deliveryId,
        repository,
        issue,
        issueBody,
        trigger,
        attempt,
        occurredAt,
        pullRequest,
        null);
  }

  /** A task without the issue's discussion. */
  public IssueTriggered(
      int schemaVersion,
      String taskId,
      String deliveryId,
      RepositoryRef repository,
      IssueRef issue,
      String issueBody,
      Trigger trigger,
      int attempt,
      Instant occurredAt,
      PullRequestRef pullRequest,
      TaskSettings settings) {
    this(
        schemaVersion,
        taskId,
        deliveryId,
        repository,
        issue,
        issueBody,
        trigger,
        attempt,
        occurredAt,
        pullRequest,
        settings,
        null);
  }

  public IssueTriggered {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(deliveryId, "deliveryId");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(issue, "issue");
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(occurredAt, "occurredAt");
    issueBody = issueBody == null ? "" : issueBody;
  }

  /** The same task as its attempt {@code number}. */
  public IssueTriggered withAttempt(int number) {
    return new IssueTriggered(
        schemaVersion,
        taskId,
        deliveryId,
        repository,
        issue,
        issueBody,
        trigger,
        number,
        occurredAt,
        pullRequest,
        settings,
        conversation,
        budget);
  }

  /** The same task, continuing {@code pull}. */
  public IssueTriggered withPullRequest(PullRequestRef pull) {
    return new IssueTriggered(
        schemaVersion,
        taskId,
        deliveryId,
        repository,
        issue,
        issueBody,
        trigger,
        attempt,
        occurredAt,
        pull,
        settings,
        conversation,
        budget);
  }

  /** The same task with the repository's settings {@code taskSettings} (null for none). */
  public IssueTriggered withSettings(TaskSettings taskSettings) {
    return new IssueTriggered(
        schemaVersion,
        taskId,
        deliveryId,
        repository,
        issue,
        issueBody,
        trigger,
        attempt,
        occurredAt,
        pullRequest,
        taskSettings,
        conversation,
        budget);
  }

  /** The same task, carrying the issue's discussion {@code discussion} (null for none). */
  public IssueTriggered withConversation(Conversation discussion) {
    return new IssueTriggered(
        schemaVersion,
        taskId,
        deliveryId,
        repository,
        issue,
        issueBody,
        trigger,
        attempt,
        occurredAt,
        pullRequest,
        settings,
        discussion,
        budget);
  }

  /** The same task, with {@code reserved} of the operator's budgets (null for none). */
  public IssueTriggered withBudget(TaskBudget reserved) {
    return new IssueTriggered(
        schemaVersion,
        taskId,
        deliveryId,
        repository,
        issue,
        issueBody,
        trigger,
        attempt,
        occurredAt,
        pullRequest,
        settings,
        conversation,
        reserved);
  }

  /** The same task, started by {@code started} instead. */
  public IssueTriggered withTrigger(Trigger started) {
    return new IssueTriggered(
        schemaVersion,
        taskId,
        deliveryId,
        repository,
        issue,
        issueBody,
        started,
        attempt,
        occurredAt,
        pullRequest,
        settings,
        conversation,
        budget);
  }

  @Override
  public <R> R accept(Handler<R> handler) {
    return handler.issueTriggered(this);
  }
}
