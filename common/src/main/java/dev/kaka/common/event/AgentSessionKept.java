package dev.kaka.common.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * The agent's session as a completed run left it, kept so that the next run on the same pull
 * request can resume it on whichever worker takes that run. Published by workers on {@code
 * kaka.agent-sessions}, a compacted topic keyed by {@link #key()}, where the newest session of a
 * branch replaces the older ones; read by workers only. Not a {@link TaskEvent}: it belongs to a
 * branch, not to one issue.
 *
 * @param schemaVersion the contract version, read by the rule of {@link EventVersions}
 * @param taskId the task whose run left the session
 * @param branch the branch the run pushed to, the pull request's head
 * @param sessionId the Claude Code CLI's session id, for {@code --resume}
 * @param size the session file's size in bytes, as the run left it
 * @param content the session file (JSON lines), secrets masked; null when it was over the size cap,
 *     in which case the next run starts fresh and says why
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AgentSessionKept(
    int schemaVersion,
    String taskId,
    RepositoryRef repository,
    String branch,
    String sessionId,
    long size,
    @JsonInclude(JsonInclude.Include.NON_NULL) String content,
    Instant keptAt) {

  public AgentSessionKept {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(keptAt, "keptAt");
  }

  /** The record key of {@code branch}'s session: one per pull request, since its head is one. */
  public static String keyOf(RepositoryRef repository, String branch) {
    return repository.fullName() + ":" + branch;
  }

  @JsonIgnore
  public String key() {
    return keyOf(repository, branch);
  }

  /** Whether the session itself came along, not only the note that it was too large. */
  @JsonIgnore
  public boolean resumable() {
    return content != null;
  }
}
