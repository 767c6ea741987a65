package dev.kaka.common.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The discussion under an issue as far as it reaches the agent: the trusted people's comments,
 * oldest first, within a size the ingress keeps the event to.
 *
 * @param comments the newest trusted comments that fit, oldest first
 * @param olderLeftOut whether older trusted comments were left out to stay within the size
 * @param unreadable whether GitHub did not serve the comments, so none are here
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Conversation(List<ThreadComment> comments, boolean olderLeftOut, boolean unreadable) {

  public Conversation {
    comments = comments == null ? List.of() : List.copyOf(comments);
  }

  /** There are no comments under the issue. */
  public static Conversation ofNone() {
    return new Conversation(List.of(), false, false);
  }

  /** The comments could not be read. */
  public static Conversation ofUnreadable() {
    return new Conversation(List.of(), false, true);
  }
}
