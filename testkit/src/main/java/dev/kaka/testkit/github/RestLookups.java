package dev.kaka.testkit.github;

/** Finds what a REST path names, or ends the call with GitHub's 404. */
final class RestLookups {

  private RestLookups() {}

  /** The repository named by the {@code owner} and {@code repo} path variables. */
  static RepoRecord repository(GitHubState state, ApiRequest request) {
    return state
        .repository(request.variable("owner"), request.variable("repo"))
        .orElseThrow(ApiException::notFound);
  }

  /** The issue or pull request named by the {@code number} path variable. */
  static IssueRecord issue(GitHubState state, RepoRecord repo, ApiRequest request) {
    return state
        .issue(repo.owner(), repo.name(), request.number("number"))
        .orElseThrow(ApiException::notFound);
  }
}
