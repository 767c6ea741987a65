package dev.kaka.common.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * What started a task and who asked for it.
 *
 * @param requester the GitHub login of whoever asked; for a {@link TriggerKind#RETRY}, the
 *     dashboard account
 * @param instructions text the requester added to the command, empty when none
 * @param requesterId the requester's GitHub user id, from the webhook's {@code sender.id}: it makes
 *     their noreply address, with which Kaka's commits name them as co-author. Null for a retry,
 *     and in events written before it existed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Trigger(
    TriggerKind kind,
    String requester,
    String instructions,
    @JsonInclude(JsonInclude.Include.NON_NULL) Long requesterId) {

  public Trigger {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(requester, "requester");
    instructions = instructions == null ? "" : instructions;
  }

  /** A trigger whose requester's user id is not known. */
  public Trigger(TriggerKind kind, String requester, String instructions) {
    this(kind, requester, instructions, null);
  }
}
