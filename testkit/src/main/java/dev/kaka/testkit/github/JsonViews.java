package dev.kaka.testkit.github;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders the fake's state in the JSON shapes of GitHub's REST API v3: the fields github-api reads,
 * plus the common ones a reader of a response would expect to find.
 */
final class JsonViews {

  private static final String DOCUMENTATION_URL = "https://docs.github.com/rest";
  // GitHub wraps base64 file content in lines of 60 characters.
  private static final Base64.Encoder CONTENT_ENCODER =
      Base64.getMimeEncoder(60, "\n".getBytes(StandardCharsets.US_ASCII));

  private final Urls urls;
  private final UserDirectory users;

  JsonViews(Urls urls, UserDirectory users) {
    this.urls = urls;
    this.users = users;
  }

  ObjectNode user(String login) {
    ObjectNode json = object();
    json.put("login", login);
    json.put("id", users.id(login));
    json.put("node_id", "U_" + users.id(login));
    json.put("type", users.type(login));
    json.put("site_admin", false);
    json.put("url", urls.apiUser(login));
    json.put("html_url", urls.htmlUser(login));
    json.put("avatar_url", urls.htmlUser(login) + ".png");
    return json;
  }

  ObjectNode repository(RepoRecord repo) {
    String apiUrl = urls.apiRepository(repo.owner(), repo.name());
    ObjectNode json = object();
    json.put("id", repo.id());
    json.put("node_id", "R_" + repo.id());
    json.put("name", repo.name());
    json.put("full_name", repo.fullName());
    json.set("owner", user(repo.owner()));
    json.put("private", true);
    json.put("visibility", "private");
    json.put("fork", false);
    json.put("archived", false);
    json.put("disabled", false);
    json.put("has_issues", true);
    json.put("default_branch", repo.defaultBranch());
    json.put("url", apiUrl);
    json.put("html_url", urls.htmlRepository(repo.owner(), repo.name()));
    json.put("clone_url", urls.clone(repo.owner(), repo.name()));
    json.put("issues_url", apiUrl + "/issues{/number}");
    json.put("pulls_url", apiUrl + "/pulls{/number}");
    json.put("created_at", timestamp(repo.createdAt()));
    json.put("updated_at", timestamp(repo.createdAt()));
    json.put("pushed_at", timestamp(repo.createdAt()));
    return json;
  }

  /** The repository as the caller sees it, with what the caller's permission allows. */
  ObjectNode repository(RepoRecord repo, String viewerPermission) {
    ObjectNode json = repository(repo);
    ObjectNode permissions = json.putObject("permissions");
    permissions.put("admin", viewerPermission.equals("admin"));
    permissions.put("maintain", List.of("admin", "maintain").contains(viewerPermission));
    permissions.put("push", List.of("admin", "maintain", "write").contains(viewerPermission));
    permissions.put(
        "triage", List.of("admin", "maintain", "write", "triage").contains(viewerPermission));
    permissions.put("pull", !viewerPermission.equals("none"));
    return json;
  }

  ObjectNode issue(RepoRecord repo, IssueRecord issue, int commentCount) {
    String apiUrl = urls.apiIssue(repo.owner(), repo.name(), issue.number());
    ObjectNode json = issueFields(repo, issue, commentCount);
    json.put("node_id", (issue.isPullRequest() ? "PR_" : "I_") + issue.id());
    json.put("url", apiUrl);
    json.put("html_url", htmlUrl(repo, issue));
    json.put("repository_url", urls.apiRepository(repo.owner(), repo.name()));
    json.put("comments_url", apiUrl + "/comments");
    json.put("labels_url", apiUrl + "/labels{/name}");
    json.put("events_url", apiUrl + "/events");
    if (issue.isPullRequest()) {
      ObjectNode pull = json.putObject("pull_request");
      pull.put("url", urls.apiPull(repo.owner(), repo.name(), issue.number()));
      pull.put("html_url", htmlUrl(repo, issue));
      pull.put("diff_url", htmlUrl(repo, issue) + ".diff");
      pull.put("patch_url", htmlUrl(repo, issue) + ".patch");
      pull.putNull("merged_at");
    }
    return json;
  }

  /** A pull request; a sha is null when its branch no longer exists. */
  ObjectNode pullRequest(
      RepoRecord repo, IssueRecord pull, String headSha, String baseSha, int commentCount) {
    String apiUrl = urls.apiPull(repo.owner(), repo.name(), pull.number());
    String issueApiUrl = urls.apiIssue(repo.owner(), repo.name(), pull.number());
    ObjectNode json = issueFields(repo, pull, commentCount);
    json.put("node_id", "PR_" + pull.id());
    json.put("url", apiUrl);
    json.put("html_url", htmlUrl(repo, pull));
    json.put("diff_url", htmlUrl(repo, pull) + ".diff");
    json.put("patch_url", htmlUrl(repo, pull) + ".patch");
    json.put("issue_url", issueApiUrl);
    json.put("comments_url", issueApiUrl + "/comments");
    json.put("commits_url", apiUrl + "/commits");
    json.put("review_comments_url", apiUrl + "/comments");
    json.put("draft", pull.pull().draft());
    json.put("merged", pull.pull().merged());
    if (pull.pull().merged()) {
      json.put("merged_at", timestamp(pull.updatedAt()));
    } else {
      json.putNull("merged_at");
    }
    json.putNull("mergeable");
    json.put("maintainer_can_modify", false);
    json.putArray("requested_reviewers");
    json.set("head", branch(repo, pull.pull().head(), headSha));
    json.set("base", branch(repo, pull.pull().base(), baseSha));
    return json;
  }

  ObjectNode comment(RepoRecord repo, IssueRecord issue, FakeComment comment) {
    String repoApiUrl = urls.apiRepository(repo.owner(), repo.name());
    ObjectNode json = object();
    json.put("id", comment.id());
    json.put("node_id", "IC_" + comment.id());
    json.put("url", repoApiUrl + "/issues/comments/" + comment.id());
    json.put("html_url", htmlUrl(repo, issue) + "#issuecomment-" + comment.id());
    json.put("issue_url", urls.apiIssue(repo.owner(), repo.name(), comment.issueNumber()));
    json.put("body", comment.body());
    json.set("user", user(comment.user()));
    json.put("author_association", authorAssociation(repo, comment.user()));
    json.put("created_at", timestamp(comment.createdAt()));
    json.put("updated_at", timestamp(comment.updatedAt()));
    return json;
  }

  ArrayNode labels(RepoRecord repo, List<Label> labels) {
    ArrayNode json = JsonNodeFactory.instance.arrayNode();
    for (Label label : labels) {
      ObjectNode labelJson = json.addObject();
      labelJson.put("id", label.id());
      labelJson.put("node_id", "LA_" + label.id());
      labelJson.put(
          "url",
          urls.apiRepository(repo.owner(), repo.name())
              + "/labels/"
              + URLEncoder.encode(label.name(), StandardCharsets.UTF_8).replace("+", "%20"));
      labelJson.put("name", label.name());
      labelJson.put("color", label.color());
      labelJson.put("default", false);
      labelJson.putNull("description");
    }
    return json;
  }

  ObjectNode content(RepoRecord repo, String path, String ref, BareRepositories.GitFile file) {
    String repoApiUrl = urls.apiRepository(repo.owner(), repo.name());
    String htmlRepoUrl = urls.htmlRepository(repo.owner(), repo.name());
    ObjectNode json = object();
    json.put("type", "file");
    json.put("encoding", "base64");
    json.put("size", file.content().length);
    json.put("name", path.substring(path.lastIndexOf('/') + 1));
    json.put("path", path);
    json.put("content", CONTENT_ENCODER.encodeToString(file.content()) + "\n");
    json.put("sha", file.sha());
    json.put(
        "url",
        repoApiUrl
            + "/contents/"
            + path
            + "?ref="
            + URLEncoder.encode(ref, StandardCharsets.UTF_8));
    json.put("git_url", repoApiUrl + "/git/blobs/" + file.sha());
    json.put("html_url", htmlRepoUrl + "/blob/" + ref + "/" + path);
    json.put("download_url", htmlRepoUrl + "/raw/" + ref + "/" + path);
    return json;
  }

  /**
   * As GitHub answers: {@code permission} knows only admin, write, read and none (maintain reads as
   * write, triage as read), {@code role_name} names the role itself.
   */
  ObjectNode permission(String login, String role) {
    ObjectNode json = object();
    json.put(
        "permission",
        switch (role) {
          case "maintain" -> "write";
          case "triage" -> "read";
          default -> role;
        });
    json.put("role_name", role);
    json.set("user", user(login));
    return json;
  }

  ObjectNode error(String message, List<ApiException.ValidationError> errors) {
    ObjectNode json = object();
    json.put("message", message);
    if (!errors.isEmpty()) {
      ArrayNode errorsJson = json.putArray("errors");
      for (ApiException.ValidationError error : errors) {
        ObjectNode errorJson = errorsJson.addObject();
        putIfPresent(errorJson, "resource", error.resource());
        putIfPresent(errorJson, "field", error.field());
        putIfPresent(errorJson, "code", error.code());
        putIfPresent(errorJson, "message", error.message());
      }
    }
    json.put("documentation_url", DOCUMENTATION_URL);
    return json;
  }

  private ObjectNode issueFields(RepoRecord repo, IssueRecord issue, int commentCount) {
    ObjectNode json = object();
    json.put("id", issue.id());
    json.put("number", issue.number());
    json.put("title", issue.title());
    json.put("body", issue.body());
    json.put("state", issue.state());
    json.put("locked", false);
    json.set("user", user(issue.author()));
    json.put("author_association", authorAssociation(repo, issue.author()));
    json.set("labels", labels(repo, issue.labels()));
    json.putNull("assignee");
    json.putArray("assignees");
    json.putNull("milestone");
    json.put("comments", commentCount);
    json.put("created_at", timestamp(issue.createdAt()));
    json.put("updated_at", timestamp(issue.updatedAt()));
    json.putNull("closed_at");
    return json;
  }

  private ObjectNode branch(RepoRecord repo, String branch, String sha) {
    ObjectNode json = object();
    json.put("label", repo.owner() + ":" + branch);
    json.put("ref", branch);
    json.put("sha", sha);
    json.set("user", user(repo.owner()));
    json.set("repo", repository(repo));
    return json;
  }

  private String htmlUrl(RepoRecord repo, IssueRecord issue) {
    return urls.htmlIssue(repo.owner(), repo.name(), issue);
  }

  private static String authorAssociation(RepoRecord repo, String login) {
    return login.equals(repo.owner()) ? "OWNER" : "NONE";
  }

  private static void putIfPresent(ObjectNode json, String field, String value) {
    if (value != null) {
      json.put(field, value);
    }
  }

  private static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** GitHub's timestamps are ISO-8601 in UTC with whole seconds. */
  static String timestamp(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
