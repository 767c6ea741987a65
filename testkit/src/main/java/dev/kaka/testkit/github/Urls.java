package dev.kaka.testkit.github;

/**
 * Where things live on the fake. The REST API sits under {@code /api/v3} like on GitHub Enterprise,
 * so it cannot clash with git's {@code /git/...} URLs or the {@code /owner/name} web pages that
 * responses link to.
 */
final class Urls {

  static final String API_PATH = "/api/v3";
  static final String GIT_PATH = "/git";

  private final String base;

  Urls(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  String api() {
    return base + API_PATH;
  }

  String apiRepository(String owner, String name) {
    return api() + "/repos/" + owner + "/" + name;
  }

  String apiIssue(String owner, String name, int number) {
    return apiRepository(owner, name) + "/issues/" + number;
  }

  String apiPull(String owner, String name, int number) {
    return apiRepository(owner, name) + "/pulls/" + number;
  }

  String htmlRepository(String owner, String name) {
    return base + "/" + owner + "/" + name;
  }

  /** GitHub shows pull requests under {@code /pull/n} and plain issues under {@code /issues/n}. */
  String htmlIssue(String owner, String name, IssueRecord issue) {
    return htmlRepository(owner, name)
        + (issue.isPullRequest() ? "/pull/" : "/issues/")
        + issue.number();
  }

  String clone(String owner, String name) {
    return base + GIT_PATH + "/" + owner + "/" + name + ".git";
  }

  String apiUser(String login) {
    return api() + "/users/" + login;
  }

  String htmlUser(String login) {
    return base + "/" + login;
  }
}
