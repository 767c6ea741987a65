package dev.kaka.common.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The agent is still at work: what it has done so far. Published while a task runs, at most once
 * per {@code kaka.agent.progress-interval} and only when something changed, so a long run is not
 * silent and a short one adds no event.
 *
 * @param turns the model's answers so far
 * @param currentTool the tool the agent used last, such as {@code Edit} or {@code Bash}; null
 *     before its first tool use
 * @param filesTouched repository-relative paths the agent wrote so far, sorted
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskProgressed(
    int schemaVersion,
    String taskId,
    String deliveryId,
    RepositoryRef repository,
    IssueRef issue,
    int attempt,
    int turns,
    String currentTool,
    List<String> filesTouched,
    Instant occurredAt)
    implements RunEvent {

  public TaskProgressed {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(deliveryId, "deliveryId");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(issue, "issue");
    Objects.requireNonNull(occurredAt, "occurredAt");
    filesTouched = filesTouched == null ? List.of() : List.copyOf(filesTouched);
  }

  @Override
  public <R> R accept(Handler<R> handler) {
    return handler.taskProgressed(this);
  }
}
