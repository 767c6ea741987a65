package dev.kaka.common.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Objects;

/**
 * One comment of an issue's discussion, by someone Kaka trusts as it trusts a trigger's requester.
 *
 * @param author the commenter's GitHub login
 * @param body the comment's Markdown as GitHub holds it; hidden text is still in it, for the worker
 *     removes that where it writes the prompt
 * @param createdAt when it was written
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ThreadComment(String author, String body, Instant createdAt) {

  public ThreadComment {
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(createdAt, "createdAt");
    body = body == null ? "" : body;
  }
}
