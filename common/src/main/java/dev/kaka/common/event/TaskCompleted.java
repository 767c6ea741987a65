package dev.kaka.common.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The agent's change is committed and pushed to {@code branch}; the notifier opens the pull request.
 *
 * @param headSha the pushed commit
 * @param filesChanged repository-relative paths, sorted
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
    Instant occurredAt)
    implements TaskEvent {

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
}
