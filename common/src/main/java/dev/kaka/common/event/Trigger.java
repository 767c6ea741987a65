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
 * @param commentId the GitHub id of the comment that asked, for a trigger by comment: images
 *     attached to it reach the agent. Null for other triggers, and in events written before it
 *     existed
 * @param review for a {@link TriggerKind#REVIEW}, the review's comments with their files and lines,
 *     and for a {@link TriggerKind#RETRY} of such a task the same review again; null for other
 *     triggers, and in events written before it existed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Trigger(
    TriggerKind kind,
    String requester,
    String instructions,
    @JsonInclude(JsonInclude.Include.NON_NULL) Long requesterId,
    @JsonInclude(JsonInclude.Include.NON_NULL) Long commentId,
    @JsonInclude(JsonInclude.Include.NON_NULL) Review review) {

  public Trigger {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(requester, "requester");
    instructions = instructions == null ? "" : instructions;
  }

  /** The same trigger, carrying the review {@code carried}. */
  public Trigger withReview(Review carried) {
    return new Trigger(kind, requester, instructions, requesterId, commentId, carried);
  }

  /** A trigger that is not a review. */
  public Trigger(
      TriggerKind kind, String requester, String instructions, Long requesterId, Long commentId) {
    this(kind, requester, instructions, requesterId, commentId, null);
  }

  /** A trigger that is not a comment. */
  public Trigger(TriggerKind kind, String requester, String instructions, Long requesterId) {
    this(kind, requester, instructions, requesterId, null);
  }

  /** A trigger whose requester's user id is not known. */
  public Trigger(TriggerKind kind, String requester, String instructions) {
    this(kind, requester, instructions, null);
  }
}
