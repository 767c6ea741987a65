package dev.kaka.testkit.github;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

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

  /** The web site's address, {@code http://127.0.0.1:PORT}. */
  String web() {
    return base;
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

  /** A bot's login has brackets, which GitHub's URLs carry encoded: {@code kaka%5Bbot%5D}. */
  String apiUser(String login) {
    return api() + "/users/" + URLEncoder.encode(login, StandardCharsets.UTF_8);
  }

  /** A bot user's page on GitHub is its App's page. */
  String htmlUser(String login) {
    return login.endsWith(FakeGitHubApp.BOT_SUFFIX)
        ? htmlApp(login.substring(0, login.length() - FakeGitHubApp.BOT_SUFFIX.length()))
        : base + "/" + login;
  }

  String htmlApp(String slug) {
    return base + "/apps/" + slug;
  }

  String apiInstallations() {
    return api() + "/app/installations";
  }

  String apiInstallation(long id) {
    return apiInstallations() + "/" + id;
  }

  /** Where an installation token lists its repositories on GitHub; the fake does not serve it. */
  String apiInstallationRepositories() {
    return api() + "/installation/repositories";
  }

  String htmlInstallation(long id) {
    return base + "/settings/installations/" + id;
  }
}
