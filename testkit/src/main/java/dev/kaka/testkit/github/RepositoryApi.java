package dev.kaka.testkit.github;

import static dev.kaka.testkit.github.RestLookups.repository;

/** The user, repository, file content and collaborator permission endpoints. */
final class RepositoryApi {

  private static final Permission CONTENTS_READ = Permission.read("contents");
  private static final Permission CONTENTS_WRITE = Permission.write("contents");

  private final GitHubState state;
  private final BareRepositories git;
  private final JsonViews views;
  private final RouteAccess access;

  RepositoryApi(GitHubState state, BareRepositories git, JsonViews views, RouteAccess access) {
    this.state = state;
    this.git = git;
    this.views = views;
    this.access = access;
  }

  void register(ApiRouter router) {
    router.get(
        "/user", access.user(), request -> ApiResponse.ok(views.user(request.caller().login())));
    // github-api looks up the author of a comment here; the fake knows every login it is asked
    // about.
    router.get(
        "/users/{login}",
        access.anyToken(),
        request -> ApiResponse.ok(views.user(request.variable("login"))));
    router.get(
        "/repos/{owner}/{repo}",
        access.repository(Permission.METADATA_READ),
        this::repositoryResource);
    router.get(
        "/repos/{owner}/{repo}/contents/{path...}",
        access.repository(CONTENTS_READ),
        this::content);
    router.get(
        "/repos/{owner}/{repo}/collaborators/{user}/permission",
        access.repository(Permission.METADATA_READ),
        this::permission);
  }

  private ApiResponse repositoryResource(ApiRequest request) {
    RepoRecord repo = repository(state, request);
    return ApiResponse.ok(views.repository(repo, viewerRole(repo, request.caller())));
  }

  /** An installation's access comes from its token's permissions, not from a collaborator role. */
  private String viewerRole(RepoRecord repo, Caller caller) {
    if (caller instanceof Caller.Installation installation) {
      return installation.has(CONTENTS_WRITE) ? "write" : "read";
    }
    return state.permission(repo.owner(), repo.name(), caller.login());
  }

  private ApiResponse content(ApiRequest request) {
    RepoRecord repo = repository(state, request);
    String path = request.variable("path");
    String ref = request.query("ref").orElse(repo.defaultBranch());
    return git.readFile(repo.owner(), repo.name(), ref, path)
        .map(file -> ApiResponse.ok(views.content(repo, path, ref, file)))
        .orElseThrow(ApiException::notFound);
  }

  private ApiResponse permission(ApiRequest request) {
    RepoRecord repo = repository(state, request);
    String user = request.variable("user");
    return ApiResponse.ok(
        views.permission(user, state.permission(repo.owner(), repo.name(), user)));
  }
}
