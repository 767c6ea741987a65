package dev.kaka.testkit.github;

import java.time.Instant;
import java.util.List;

/**
 * An issue or, when {@code pull} is present, a pull request: GitHub numbers both from one sequence
 * and serves every pull request through the issues API too.
 */
record IssueRecord(
    long id,
    int number,
    String title,
    String body,
    String state,
    String author,
    List<Label> labels,
    Instant createdAt,
    Instant updatedAt,
    PullBranches pull) {

  static final String OPEN = "open";

  /** The branches of a pull request; {@code head} is a branch of the same repository. */
  record PullBranches(String head, String base, boolean draft) {}

  IssueRecord {
    labels = List.copyOf(labels);
  }

  boolean isPullRequest() {
    return pull != null;
  }

  boolean isOpen() {
    return OPEN.equals(state);
  }

  boolean hasLabel(String name) {
    return labels.stream().anyMatch(label -> label.name().equals(name));
  }

  IssueRecord withLabels(List<Label> newLabels, Instant at) {
    return new IssueRecord(id, number, title, body, state, author, newLabels, createdAt, at, pull);
  }
}
