package dev.kaka.testkit.github;

import static dev.kaka.testkit.github.RestLookups.repository;

import dev.kaka.testkit.github.ApiRouter.Access;
import dev.kaka.testkit.github.FakeGitHubApp.IssuedToken;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * The endpoints an App calls with its JWT: the App itself, its installations, and installation
 * tokens.
 */
final class AppApi {

  private static final String REPOSITORIES_NOT_ACCESSIBLE =
      "There is at least one repository that does not exist or is not accessible to the parent"
          + " installation.";
  private static final String PERMISSIONS_NOT_GRANTED =
      "The permissions requested are not granted to this installation.";

  private final GitHubState state;
  private final AppViews views;
  private final Urls urls;
  private final RouteAccess access;

  AppApi(GitHubState state, AppViews views, Urls urls, RouteAccess access) {
    this.state = state;
    this.views = views;
    this.urls = urls;
    this.access = access;
  }

  void register(ApiRouter router) {
    Access jwt = access.app();
    router.get(
        "/app",
        jwt,
        request ->
            ApiResponse.ok(views.app(app(request), app(request).installations().all().size())));
    router.get("/app/installations", jwt, this::listInstallations);
    router.get(
        "/app/installations/{id}",
        jwt,
        request -> ApiResponse.ok(views.installation(app(request), installation(request))));
    router.post("/app/installations/{id}/access_tokens", jwt, this::createToken);
    router.get("/repos/{owner}/{repo}/installation", jwt, this::repositoryInstallation);
    router.get(
        "/orgs/{org}/installation",
        jwt,
        request -> accountInstallation(request, request.variable("org")));
    router.get(
        "/users/{username}/installation",
        jwt,
        request -> accountInstallation(request, request.variable("username")));
  }

  private ApiResponse listInstallations(ApiRequest request) {
    FakeGitHubApp app = app(request);
    List<JsonNode> installations =
        app.installations().all().stream()
            .<JsonNode>map(installation -> views.installation(app, installation))
            .toList();
    return Paging.respond(request, urls.apiInstallations(), installations);
  }

  private ApiResponse repositoryInstallation(ApiRequest request) {
    return accountInstallation(request, repository(state, request).owner());
  }

  private ApiResponse accountInstallation(ApiRequest request, String account) {
    FakeGitHubApp app = app(request);
    InstallationRecord installation =
        app.installations().byAccount(account).orElseThrow(ApiException::notFound);
    return ApiResponse.ok(views.installation(app, installation));
  }

  private ApiResponse createToken(ApiRequest request) {
    FakeGitHubApp app = app(request);
    InstallationRecord installation = installation(request);
    List<RepoRecord> repositories = requestedRepositories(request.body(), installation);
    IssuedToken token =
        app.installations()
            .issue(
                installation,
                repositories.stream().map(RepoRecord::name).toList(),
                requestedPermissions(request.body(), app));
    return ApiResponse.created(views.accessToken(token, repositories));
  }

  /**
   * The repositories a token request names, by name and by id; none means every repository of the
   * installation's account.
   */
  private List<RepoRecord> requestedRepositories(JsonNode body, InstallationRecord installation) {
    Set<RepoRecord> repositories = new LinkedHashSet<>();
    for (JsonNode name : body.path("repositories")) {
      repositories.add(
          accessible(
              name.isString()
                  ? state.repository(installation.account(), name.stringValue())
                  : Optional.empty()));
    }
    for (JsonNode id : body.path("repository_ids")) {
      repositories.add(
          accessible(
              (id.isIntegralNumber() ? state.repository(id.asLong()) : Optional.<RepoRecord>empty())
                  .filter(repo -> repo.owner().equals(installation.account()))));
    }
    return List.copyOf(repositories);
  }

  private static RepoRecord accessible(Optional<RepoRecord> repository) {
    return repository.orElseThrow(() -> ApiException.unprocessable(REPOSITORIES_NOT_ACCESSIBLE));
  }

  /**
   * What a token request asks for, each no more than the App was granted; without a request, all
   * the App's permissions. GitHub adds {@code metadata: read} to every token.
   */
  private static Map<String, String> requestedPermissions(JsonNode body, FakeGitHubApp app) {
    JsonNode requested = body.path("permissions");
    if (requested.isMissingNode()) {
      return app.permissions();
    }
    Map<String, String> permissions = new TreeMap<>();
    for (Map.Entry<String, JsonNode> entry : requested.properties()) {
      JsonNode level = entry.getValue();
      Permission permission =
          Permission.Level.parse(level.isString() ? level.stringValue() : "")
              .map(parsed -> new Permission(entry.getKey(), parsed))
              .filter(wanted -> wanted.isGrantedBy(app.permissions()))
              .orElseThrow(() -> ApiException.unprocessable(PERMISSIONS_NOT_GRANTED));
      permissions.put(permission.name(), permission.level().apiName());
    }
    permissions.putIfAbsent(Permission.METADATA_READ.name(), Permission.Level.READ.apiName());
    return permissions;
  }

  /** The App whose JWT authenticated the call; the route's access rule let no one else through. */
  private static FakeGitHubApp app(ApiRequest request) {
    return ((Caller.App) request.caller()).app();
  }

  private static InstallationRecord installation(ApiRequest request) {
    return app(request).installations().byId(request.id("id")).orElseThrow(ApiException::notFound);
  }
}
