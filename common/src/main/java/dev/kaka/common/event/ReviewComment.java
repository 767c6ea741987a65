package dev.kaka.common.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * One comment of a {@link Review}, on a line of a file of the pull request.
 *
 * @param path the file, repo-relative
 * @param line the line of the file's new version it is on (the last, for a comment on several);
 *     null for a comment on the file as a whole or on a line the change no longer has
 * @param body the comment's Markdown as GitHub holds it, without a leading command; hidden text is
 *     still in it, for the worker removes that where it writes the prompt
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReviewComment(
    String path, @JsonInclude(JsonInclude.Include.NON_NULL) Integer line, String body) {

  public ReviewComment {
    Objects.requireNonNull(path, "path");
    body = body == null ? "" : body;
  }
}
