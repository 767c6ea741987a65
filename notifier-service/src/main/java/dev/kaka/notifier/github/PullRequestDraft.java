package dev.kaka.notifier.github;

import java.util.List;

/**
 * A pull request to open.
 *
 * @param draft whether it opens as a draft
 * @param labels labels it carries; those it lacks are added to a pull request already open
 */
public record PullRequestDraft(
    String title, String head, String base, String body, boolean draft, List<String> labels) {

  public PullRequestDraft {
    labels = labels == null ? List.of() : List.copyOf(labels);
  }

  /** A ready pull request without labels. */
  public PullRequestDraft(String title, String head, String base, String body) {
    this(title, head, base, body, false, List.of());
  }
}
