package dev.kaka.testkit.github;

import static dev.kaka.testkit.github.RestLookups.issue;
import static dev.kaka.testkit.github.RestLookups.repository;

import java.util.List;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The comments of a pull request's submitted review, as GitHub's reviews API lists them. */
final class ReviewApi {

  private final GitHubState state;
  private final JsonViews views;
  private final Urls urls;
  private final RouteAccess access;

  ReviewApi(GitHubState state, JsonViews views, Urls urls, RouteAccess access) {
    this.state = state;
    this.views = views;
    this.urls = urls;
    this.access = access;
  }

  void register(ApiRouter router) {
    router.get(
        "/repos/{owner}/{repo}/pulls/{number}/reviews/{id}/comments",
        access.repository(Permission.read("pull_requests")),
        this::comments);
  }

  private ApiResponse comments(ApiRequest request) {
    RepoRecord repo = repository(state, request);
    IssueRecord pull = issue(state, repo, request);
    FakeReview review =
        state
            .reviews()
            .review(repo.fullName(), request.id("id"))
            .filter(found -> pull.isPullRequest() && found.pullNumber() == pull.number())
            .orElseThrow(ApiException::notFound);
    String listUrl =
        urls.apiRepository(repo.owner(), repo.name())
            + "/pulls/"
            + pull.number()
            + "/reviews/"
            + review.id()
            + "/comments";
    List<ObjectNode> comments =
        review.comments().stream().map(comment -> render(repo, review, comment)).toList();
    return Paging.respond(request, listUrl, comments);
  }

  private ObjectNode render(RepoRecord repo, FakeReview review, FakeReviewComment comment) {
    String repoApiUrl = urls.apiRepository(repo.owner(), repo.name());
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("id", comment.id());
    json.put("node_id", "PRRC_" + comment.id());
    json.put("pull_request_review_id", review.id());
    json.put("url", repoApiUrl + "/pulls/comments/" + comment.id());
    json.put("pull_request_url", repoApiUrl + "/pulls/" + review.pullNumber());
    json.put(
        "html_url",
        urls.htmlRepository(repo.owner(), repo.name())
            + "/pull/"
            + review.pullNumber()
            + "#discussion_r"
            + comment.id());
    json.put("path", comment.path());
    json.put("line", comment.line());
    json.put("original_line", comment.line());
    json.put("side", "RIGHT");
    json.put("subject_type", "line");
    json.put("body", comment.body());
    json.set("user", views.user(review.reviewer()));
    json.put(
        "author_association", review.reviewer().equals(repo.owner()) ? "OWNER" : "COLLABORATOR");
    json.put("created_at", JsonViews.timestamp(review.submittedAt()));
    json.put("updated_at", JsonViews.timestamp(review.submittedAt()));
    return json;
  }
}
