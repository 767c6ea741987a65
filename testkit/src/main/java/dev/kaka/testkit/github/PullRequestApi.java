package dev.kaka.testkit.github;

import static dev.kaka.testkit.github.RestLookups.issue;
import static dev.kaka.testkit.github.RestLookups.repository;

import dev.kaka.testkit.github.ApiException.ValidationError;
import dev.kaka.testkit.github.ApiRouter.Access;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.jgit.lib.ObjectId;
import tools.jackson.databind.JsonNode;

/**
 * Listing, opening and reading pull requests; branches are checked against the bare git repository.
 */
final class PullRequestApi {

  private static final String RESOURCE = "PullRequest";

  private final GitHubState state;
  private final BareRepositories git;
  private final JsonViews views;
  private final Urls urls;
  private final RouteAccess access;

  PullRequestApi(
      GitHubState state, BareRepositories git, JsonViews views, Urls urls, RouteAccess access) {
    this.state = state;
    this.git = git;
    this.views = views;
    this.urls = urls;
    this.access = access;
  }

  void register(ApiRouter router) {
    Access read = access.repository(Permission.read("pull_requests"));
    Access write = access.repository(Permission.write("pull_requests"));
    router.get("/repos/{owner}/{repo}/pulls", read, this::list);
    router.post("/repos/{owner}/{repo}/pulls", write, this::create);
    router.get("/repos/{owner}/{repo}/pulls/{number}", read, this::pullRequest);
    router.patch("/repos/{owner}/{repo}/pulls/{number}", write, this::edit);
  }

  private ApiResponse list(ApiRequest request) {
    RepoRecord repo = repository(state, request);
    String wantedState = request.query("state").orElse(IssueRecord.OPEN);
    Optional<String> head = request.query("head");
    Optional<String> base = request.query("base");
    Predicate<IssueRecord> matches =
        pull ->
            (wantedState.equals("all") || pull.state().equals(wantedState))
                && head.map(
                        filter -> headBranch(repo, filter).equals(Optional.of(pull.pull().head())))
                    .orElse(true)
                && base.map(filter -> filter.equals(pull.pull().base())).orElse(true);
    // GitHub lists the newest first unless asked otherwise.
    Comparator<IssueRecord> order = Comparator.comparingInt(IssueRecord::number);
    if (!request.query("direction").orElse("desc").equals("asc")) {
      order = order.reversed();
    }
    List<JsonNode> pulls =
        state.pullRequests(repo.owner(), repo.name()).stream()
            .filter(matches)
            .sorted(order)
            .<JsonNode>map(pull -> render(repo, pull))
            .toList();
    return Paging.respond(request, urls.apiRepository(repo.owner(), repo.name()) + "/pulls", pulls);
  }

  private ApiResponse create(ApiRequest request) {
    RepoRecord repo = repository(state, request);
    String title = required(request, "title");
    String head = required(request, "head");
    String base = required(request, "base");
    String headBranch =
        headBranch(repo, head)
            .filter(branch -> git.branchHead(repo.owner(), repo.name(), branch).isPresent())
            .orElseThrow(
                () -> ApiException.validationFailed(ValidationError.invalid(RESOURCE, "head")));
    if (git.branchHead(repo.owner(), repo.name(), base).isEmpty()) {
      throw ApiException.validationFailed(ValidationError.invalid(RESOURCE, "base"));
    }
    if (git.isMergedInto(repo.owner(), repo.name(), headBranch, base)) {
      throw ApiException.validationFailed(
          ValidationError.custom(RESOURCE, "No commits between " + base + " and " + headBranch));
    }
    IssueRecord.PullBranches branches =
        new IssueRecord.PullBranches(headBranch, base, request.bodyFlag("draft"));
    IssueRecord pull =
        state
            .openPullRequestUnlessDuplicate(
                repo.owner(),
                repo.name(),
                title,
                request.bodyString("body").orElse(null),
                request.caller().login(),
                branches)
            .orElseThrow(
                () ->
                    ApiException.validationFailed(
                        ValidationError.custom(
                            RESOURCE,
                            "A pull request already exists for "
                                + repo.owner()
                                + ":"
                                + headBranch
                                + ".")));
    return ApiResponse.created(render(repo, pull));
  }

  private ApiResponse pullRequest(ApiRequest request) {
    RepoRecord repo = repository(state, request);
    IssueRecord pull = issue(state, repo, request);
    if (!pull.isPullRequest()) {
      throw ApiException.notFound();
    }
    return ApiResponse.ok(render(repo, pull));
  }

  /**
   * Closes or reopens a pull request, the one edit Kaka makes; GitHub does not reopen one that was
   * merged, one whose head branch is gone, or one whose head and base another open one has.
   */
  private ApiResponse edit(ApiRequest request) {
    RepoRecord repo = repository(state, request);
    IssueRecord pull = issue(state, repo, request);
    if (!pull.isPullRequest()) {
      throw ApiException.notFound();
    }
    Optional<String> wanted = request.bodyString("state");
    if (wanted.isEmpty() || wanted.get().equals(pull.state())) {
      return ApiResponse.ok(render(repo, pull));
    }
    if (wanted.get().equals(IssueRecord.CLOSED)) {
      return ApiResponse.ok(
          render(repo, state.closePullRequest(repo.owner(), repo.name(), pull.number(), false)));
    }
    if (!wanted.get().equals(IssueRecord.OPEN)) {
      throw ApiException.validationFailed(ValidationError.invalid(RESOURCE, "state"));
    }
    IssueRecord reopened =
        git.branchHead(repo.owner(), repo.name(), pull.pull().head())
            .flatMap(head -> state.reopenPullRequest(repo.owner(), repo.name(), pull.number()))
            .orElseThrow(
                () ->
                    ApiException.validationFailed(
                        ValidationError.custom(
                            RESOURCE,
                            "state cannot be changed. The pull request cannot be reopened")));
    return ApiResponse.ok(render(repo, reopened));
  }

  private JsonNode render(RepoRecord repo, IssueRecord pull) {
    int comments = state.comments(repo.owner(), repo.name(), pull.number()).size();
    return views.pullRequest(
        repo, pull, sha(repo, pull.pull().head()), sha(repo, pull.pull().base()), comments);
  }

  private String sha(RepoRecord repo, String branch) {
    return git.branchHead(repo.owner(), repo.name(), branch).map(ObjectId::name).orElse(null);
  }

  /**
   * The branch named by a head reference, {@code owner:branch} or a bare {@code branch}; empty for
   * another owner's branch, since the fake has no forks.
   */
  private static Optional<String> headBranch(RepoRecord repo, String head) {
    int colon = head.indexOf(':');
    if (colon < 0) {
      return Optional.of(head);
    }
    return head.substring(0, colon).equals(repo.owner())
        ? Optional.of(head.substring(colon + 1))
        : Optional.empty();
  }

  private static String required(ApiRequest request, String field) {
    return request
        .bodyString(field)
        .orElseThrow(
            () -> ApiException.validationFailed(ValidationError.missingField(RESOURCE, field)));
  }
}
