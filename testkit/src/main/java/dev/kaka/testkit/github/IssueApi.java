package dev.kaka.testkit.github;

import static dev.kaka.testkit.github.RestLookups.issue;
import static dev.kaka.testkit.github.RestLookups.repository;

import dev.kaka.testkit.github.ApiRouter.Access;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Issues, their comments and their labels; pull requests are issues here too, as on GitHub. */
final class IssueApi {

  private final GitHubState state;
  private final JsonViews views;
  private final Urls urls;
  private final RouteAccess access;
  private final UserAttachments attachments;

  IssueApi(
      GitHubState state,
      JsonViews views,
      Urls urls,
      RouteAccess access,
      UserAttachments attachments) {
    this.state = state;
    this.views = views;
    this.urls = urls;
    this.access = access;
    this.attachments = attachments;
  }

  void register(ApiRouter router) {
    Access read = issuesOrPullRequests(Permission.Level.READ);
    Access write = issuesOrPullRequests(Permission.Level.WRITE);
    router.get("/repos/{owner}/{repo}/issues/{number}", read, this::issueResource);
    router.get("/repos/{owner}/{repo}/issues/{number}/comments", read, this::listComments);
    router.post("/repos/{owner}/{repo}/issues/{number}/comments", write, this::addComment);
    router.get("/repos/{owner}/{repo}/issues/comments/{id}", read, this::comment);
    router.patch("/repos/{owner}/{repo}/issues/comments/{id}", write, this::editComment);
    router.post("/repos/{owner}/{repo}/issues/{number}/labels", write, this::addLabels);
    router.delete("/repos/{owner}/{repo}/issues/{number}/labels/{name}", write, this::removeLabel);
  }

  /**
   * The issues permission at {@code level}; on a pull request, which is an issue too, GitHub
   * accepts the pull requests permission instead.
   */
  private Access issuesOrPullRequests(Permission.Level level) {
    Permission issues = new Permission("issues", level);
    Permission pullRequests = new Permission("pull_requests", level);
    return access.repository(
        request -> onPullRequest(request) ? List.of(issues, pullRequests) : List.of(issues));
  }

  /**
   * Whether the issue a path names, by number or through one of its comments, is a pull request.
   */
  private boolean onPullRequest(ApiRequest request) {
    String owner = request.variable("owner");
    String name = request.variable("repo");
    Optional<Integer> number =
        request.pathVariables().containsKey("number")
            ? Optional.of(request.number("number"))
            : state.comment(owner, name, request.id("id")).map(FakeComment::issueNumber);
    return number
        .flatMap(issue -> state.issue(owner, name, issue))
        .map(IssueRecord::isPullRequest)
        .orElse(false);
  }

  private ApiResponse issueResource(ApiRequest request) {
    RepoRecord repo = repository(state, request);
    IssueRecord issue = issue(state, repo, request);
    int comments = state.comments(repo.owner(), repo.name(), issue.number()).size();
    return ApiResponse.ok(withHtml(views.issue(repo, issue, comments), issue.body()));
  }

  private ApiResponse listComments(ApiRequest request) {
    RepoRecord repo = repository(state, request);
    IssueRecord issue = issue(state, repo, request);
    List<JsonNode> comments =
        state.comments(repo.owner(), repo.name(), issue.number()).stream()
            .<JsonNode>map(comment -> commentView(repo, issue, comment))
            .toList();
    String listUrl = urls.apiIssue(repo.owner(), repo.name(), issue.number()) + "/comments";
    return Paging.respond(request, listUrl, comments);
  }

  private ApiResponse addComment(ApiRequest request) {
    RepoRecord repo = repository(state, request);
    IssueRecord issue = issue(state, repo, request);
    String body = requiredBody(request);
    FakeComment comment =
        state.addComment(repo.owner(), repo.name(), issue.number(), request.caller().login(), body);
    return ApiResponse.created(views.comment(repo, issue, comment));
  }

  private ApiResponse comment(ApiRequest request) {
    RepoRecord repo = repository(state, request);
    FakeComment comment =
        state
            .comment(repo.owner(), repo.name(), request.id("id"))
            .orElseThrow(ApiException::notFound);
    return ApiResponse.ok(commentView(repo, issueOf(repo, comment), comment));
  }

  /**
   * A comment as GitHub shows it, whose {@code author_association} also names the collaborators the
   * fake gave a permission.
   */
  private ObjectNode commentView(RepoRecord repo, IssueRecord issue, FakeComment comment) {
    ObjectNode json = withHtml(views.comment(repo, issue, comment), comment.body());
    if (json.path("author_association").asString("").equals("NONE")
        && !state.permission(repo.owner(), repo.name(), comment.user()).equals("none")) {
      json.put("author_association", "COLLABORATOR");
    }
    return json;
  }

  /**
   * The body rendered as GitHub's {@code full+json} media type adds it: attached images through
   * signed links. Always added here; clients that did not ask for it ignore it.
   */
  private ObjectNode withHtml(ObjectNode json, String body) {
    json.put("body_html", attachments.html(body));
    return json;
  }

  private ApiResponse editComment(ApiRequest request) {
    RepoRecord repo = repository(state, request);
    String body = requiredBody(request);
    FakeComment comment =
        state
            .editComment(repo.owner(), repo.name(), request.id("id"), body)
            .orElseThrow(ApiException::notFound);
    return ApiResponse.ok(views.comment(repo, issueOf(repo, comment), comment));
  }

  private ApiResponse addLabels(ApiRequest request) {
    RepoRecord repo = repository(state, request);
    IssueRecord issue = issue(state, repo, request);
    IssueRecord labelled =
        state.addLabels(repo.owner(), repo.name(), issue.number(), labelNames(request.body()));
    return ApiResponse.ok(views.labels(repo, labelled.labels()));
  }

  private ApiResponse removeLabel(ApiRequest request) {
    RepoRecord repo = repository(state, request);
    IssueRecord issue = issue(state, repo, request);
    String label = request.variable("name");
    if (!issue.hasLabel(label)) {
      throw ApiException.notFound("Label does not exist");
    }
    IssueRecord unlabelled = state.removeLabel(repo.owner(), repo.name(), issue.number(), label);
    return ApiResponse.ok(views.labels(repo, unlabelled.labels()));
  }

  private IssueRecord issueOf(RepoRecord repo, FakeComment comment) {
    return state.issue(repo.owner(), repo.name(), comment.issueNumber()).orElseThrow();
  }

  private static String requiredBody(ApiRequest request) {
    return request
        .bodyString("body")
        .orElseThrow(
            () ->
                ApiException.validationFailed(
                    ApiException.ValidationError.missingField("IssueComment", "body")));
  }

  /** GitHub takes {@code {"labels": ["a", "b"]}} or the bare array {@code ["a", "b"]}. */
  private static List<String> labelNames(JsonNode body) {
    JsonNode names = body.isArray() ? body : body.path("labels");
    List<String> labels = new ArrayList<>();
    for (JsonNode name : names) {
      if (!name.isString() || name.stringValue().isBlank()) {
        throw ApiException.validationFailed(ApiException.ValidationError.invalid("Label", "name"));
      }
      labels.add(name.stringValue());
    }
    if (labels.isEmpty()) {
      throw ApiException.validationFailed(
          ApiException.ValidationError.missingField("Label", "labels"));
    }
    return labels;
  }
}
