package dev.kaka.testkit.github;

import static dev.kaka.testkit.github.RestLookups.repository;

/** The user, repository, file content and collaborator permission endpoints. */
final class RepositoryApi {

  private final GitHubState state;
  private final BareRepositories git;
  private final JsonViews views;
  private final String botLogin;

  RepositoryApi(GitHubState state, BareRepositories git, JsonViews views, String botLogin) {
    this.state = state;
    this.git = git;
    this.views = views;
    this.botLogin = botLogin;
  }

  void register(ApiRouter router) {
    // The token belongs to the bot, so the authenticated user is always the bot.
    router.get("/user", request -> ApiResponse.ok(views.user(botLogin)));
    // github-api looks up the author of a comment here; the fake knows every login it is asked
    // about.
    router.get("/users/{login}", request -> ApiResponse.ok(views.user(request.variable("login"))));
    router.get("/repos/{owner}/{repo}", this::repositoryResource);
    router.get("/repos/{owner}/{repo}/contents/{path...}", this::content);
    router.get("/repos/{owner}/{repo}/collaborators/{user}/permission", this::permission);
  }

  private ApiResponse repositoryResource(ApiRequest request) {
    RepoRecord repo = repository(state, request);
    return ApiResponse.ok(
        views.repository(repo, state.permission(repo.owner(), repo.name(), botLogin)));
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
