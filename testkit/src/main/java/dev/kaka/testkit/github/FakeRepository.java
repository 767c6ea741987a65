package dev.kaka.testkit.github;

/** A repository hosted by {@link FakeGitHub}, with the URLs a client needs to reach it. */
public record FakeRepository(
    String owner, String name, String defaultBranch, String cloneUrl, String htmlUrl) {

  public String fullName() {
    return owner + "/" + name;
  }
}
