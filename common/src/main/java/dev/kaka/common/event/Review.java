package dev.kaka.common.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A review of a pull request Kaka opened that addressed Kaka, taken as one request: the comments
 * its reviewer left on lines of the change, which GitHub also delivers one by one and which then
 * start nothing of their own.
 *
 * @param id GitHub's id of the review
 * @param comments its comments as GitHub lists them, within a size the ingress keeps the event to;
 *     written by the reviewer, who is the task's requester
 * @param leftOut whether some of its comments were left out to stay within that size
 * @param reviewer the reviewer's login: the review stays theirs when someone else retries its task.
 *     Null in events written before it existed, when the task's requester is the reviewer
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Review(
    long id,
    List<ReviewComment> comments,
    boolean leftOut,
    @JsonInclude(JsonInclude.Include.NON_NULL) String reviewer) {

  public Review {
    comments = comments == null ? List.of() : List.copyOf(comments);
  }

  /** A review whose reviewer is the task's requester. */
  public Review(long id, List<ReviewComment> comments, boolean leftOut) {
    this(id, comments, leftOut, null);
  }
}
