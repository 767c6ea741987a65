package dev.kaka.testkit.github;

import static dev.kaka.testkit.github.RestLookups.issue;
import static dev.kaka.testkit.github.RestLookups.repository;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Issues, their comments and their labels; pull requests are issues here too, as on GitHub. */
final class IssueApi {

  private final GitHubState state;
  private final JsonViews views;
  private final Urls urls;
  private final String botLogin;

  IssueApi(GitHubState state, JsonViews views, Urls urls, String botLogin) {
    this.state = state;
    this.views = views;
    this.urls = urls;
    this.botLogin = botLogin;
  }

  void register(ApiRouter router) {
    router.get("/repos/{owner}/{repo}/issues/{number}", this::issueResource);
    router.get("/repos/{owner}/{repo}/issues/{number}/comments", this::listComments);
    router.post("/repos/{owner}/{repo}/issues/{number}/comments", this::addComment);
    router.get("/repos/{owner}/{repo}/issues/comments/{id}", this::comment);
    router.patch("/repos/{owner}/{repo}/issues/comments/{id}", this::editComment);
    router.post("/repos/{owner}/{repo}/issues/{number}/labels", this::addLabels);
    router.delete("/repos/{owner}/{repo}/issues/{number}/labels/{name}", this::removeLabel);
  }

  private ApiResponse issueResource(ApiRequest request) {
    RepoRecord repo = repository(state, request);
    IssueRecord issue = issue(state, repo, request);
    int comments = state.comments(repo.owner(), repo.name(), issue.number()).size();
    return ApiResponse.ok(views.issue(repo, issue, comments));
  }

  private ApiResponse listComments(ApiRequest request) {
    RepoRecord repo = repository(state, request);
    IssueRecord issue = issue(state, repo, request);
    List<JsonNode> comments =
        state.comments(repo.owner(), repo.name(), issue.number()).stream()
            .<JsonNode>map(comment -> views.comment(repo, issue, comment))
            .toList();
    String listUrl = urls.apiIssue(repo.owner(), repo.name(), issue.number()) + "/comments";
    return Paging.respond(request, listUrl, comments);
  }

  private ApiResponse addComment(ApiRequest request) {
    RepoRecord repo = repository(state, request);
    IssueRecord issue = issue(state, repo, request);
    String body = requiredBody(request);
    FakeComment comment =
        state.addComment(repo.owner(), repo.name(), issue.number(), botLogin, body);
    return ApiResponse.created(views.comment(repo, issue, comment));
  }

  private ApiResponse comment(ApiRequest request) {
    RepoRecord repo = repository(state, request);
    FakeComment comment =
        state
            .comment(repo.owner(), repo.name(), request.id("id"))
            .orElseThrow(ApiException::notFound);
    return ApiResponse.ok(views.comment(repo, issueOf(repo, comment), comment));
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
