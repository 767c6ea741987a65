package dev.kaka.testkit.github;

import java.time.Instant;

/** What the fake knows about a repository besides its git data. */
record RepoRecord(long id, String owner, String name, String defaultBranch, Instant createdAt) {

  String fullName() {
    return owner + "/" + name;
  }
}
