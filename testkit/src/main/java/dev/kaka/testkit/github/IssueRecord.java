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
  static final String CLOSED = "closed";

  /**
   * The branches of a pull request; {@code head} is a branch of the same repository.
   *
   * @param merged whether it was merged: then it is closed, and stays so
   */
  record PullBranches(String head, String base, boolean draft, boolean merged) {

    /** Branches of a pull request not merged. */
    PullBranches(String head, String base, boolean draft) {
      this(head, base, draft, false);
    }
  }

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

  /** This issue in {@code newState}, a pull request with {@code branches}. */
  IssueRecord withState(String newState, PullBranches branches, Instant at) {
    return new IssueRecord(
        id, number, title, body, newState, author, labels, createdAt, at, branches);
  }
}
