package dev.kaka.common.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The agent's change is committed and pushed to {@code branch}; the notifier opens the pull
 * request.
 *
 * @param headSha the pushed commit
 * @param filesChanged repository-relative paths, sorted
 * @param settings the repository's settings the task ran with, passed on for the pull request
 *     (draft, labels); null when it had none
 * @param applied the settings the run applied, for the pull request's summary; null in events
 *     written before it existed
 * @param budget what the task reserved of the operator's budgets, copied from its trigger; null
 *     when none applies to it
 * @param pullRequest the pull request the task continued, copied from its trigger: the notifier
 *     looks it up instead of asking GitHub to open one. Null for a task on an issue, and in events
 *     written before it existed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskCompleted(
    int schemaVersion,
    String taskId,
    String deliveryId,
    RepositoryRef repository,
    IssueRef issue,
    String requester,
    int attempt,
    String branch,
    String baseBranch,
    String headSha,
    List<String> filesChanged,
    AgentReport agent,
    Instant occurredAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) TaskSettings settings,
    @JsonInclude(JsonInclude.Include.NON_NULL) RunSettings applied,
    @JsonInclude(JsonInclude.Include.NON_NULL) TaskBudget budget,
    @JsonInclude(JsonInclude.Include.NON_NULL) PullRequestRef pullRequest)
    implements RunEvent {

  /** A task on an issue, not on a pull request. */
  public TaskCompleted(
      int schemaVersion,
      String taskId,
      String deliveryId,
      RepositoryRef repository,
      IssueRef issue,
      String requester,
      int attempt,
      String branch,
      String baseBranch,
      String headSha,
      List<String> filesChanged,
      AgentReport agent,
      Instant occurredAt,
      TaskSettings settings,
      RunSettings applied,
      TaskBudget budget) {
    this(
        schemaVersion,
        taskId,
        deliveryId,
        repository,
        issue,
        requester,
        attempt,
        branch,
        baseBranch,
        headSha,
        filesChanged,
        agent,
        occurredAt,
        settings,
        applied,
        budget,
        null);
  }

  /** A task outside every budget. */
  public TaskCompleted(
      int schemaVersion,
      String taskId,
      String deliveryId,
      RepositoryRef repository,
      IssueRef issue,
      String requester,
      int attempt,
      String branch,
      String baseBranch,
      String headSha,
      List<String> filesChanged,
      AgentReport agent,
      Instant occurredAt,
      TaskSettings settings,
      RunSettings applied) {
    this(
        schemaVersion,
        taskId,
        deliveryId,
        repository,
        issue,
        requester,
        attempt,
        branch,
        baseBranch,
        headSha,
        filesChanged,
        agent,
        occurredAt,
        settings,
        applied,
        null);
  }

  /** A task whose applied settings are not told. */
  public TaskCompleted(
      int schemaVersion,
      String taskId,
      String deliveryId,
      RepositoryRef repository,
      IssueRef issue,
      String requester,
      int attempt,
      String branch,
      String baseBranch,
      String headSha,
      List<String> filesChanged,
      AgentReport agent,
      Instant occurredAt,
      TaskSettings settings) {
    this(
        schemaVersion,
        taskId,
        deliveryId,
        repository,
        issue,
        requester,
        attempt,
        branch,
        baseBranch,
        headSha,
        filesChanged,
        agent,
        occurredAt,
        settings,
        null);
  }

  /** A task that ran without settings of its repository. */
  public TaskCompleted(
      int schemaVersion,
      String taskId,
      String deliveryId,
      RepositoryRef repository,
      IssueRef issue,
      String requester,
      int attempt,
      String branch,
      String baseBranch,
      String headSha,
      List<String> filesChanged,
      AgentReport agent,
      Instant occurredAt) {
    this(
        schemaVersion,
        taskId,
        deliveryId,
        repository,
        issue,
        requester,
        attempt,
        branch,
        baseBranch,
        headSha,
        filesChanged,
        agent,
        occurredAt,
        null,
        null);
  }

  public TaskCompleted {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(deliveryId, "deliveryId");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(issue, "issue");
    Objects.requireNonNull(requester, "requester");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(baseBranch, "baseBranch");
    Objects.requireNonNull(headSha, "headSha");
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(occurredAt, "occurredAt");
    filesChanged = filesChanged == null ? List.of() : List.copyOf(filesChanged);
  }

  @Override
  public <R> R accept(Handler<R> handler) {
    return handler.taskCompleted(this);
  }
}
