package dev.kaka.testkit.github;

import java.time.Instant;

/**
 * A snapshot of an issue or pull request comment on {@link FakeGitHub}.
 *
 * @param editCount how many times the comment was edited after it was created
 */
public record FakeComment(
    long id,
    int issueNumber,
    String body,
    String user,
    Instant createdAt,
    Instant updatedAt,
    int editCount) {

  FakeComment edited(String newBody, Instant at) {
    return new FakeComment(id, issueNumber, newBody, user, createdAt, at, editCount + 1);
  }
}
