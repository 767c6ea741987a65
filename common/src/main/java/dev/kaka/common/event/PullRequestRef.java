package dev.kaka.common.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Objects;

/**
 * A pull request Kaka opened, to continue working on.
 *
 * @param branch the pull request's head branch, in the same repository
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PullRequestRef(int number, String branch, String url) {

  public PullRequestRef {
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(url, "url");
  }
}
