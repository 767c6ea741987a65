package dev.kaka.testkit.github;

import dev.kaka.testkit.github.ApiRouter.Access;
import java.util.List;
import java.util.function.Function;

/**
 * Who may call which route, by credential, with GitHub's answers: an App's JWT only reaches the App
 * endpoints, the personal token reaches everything else, and an installation token reaches the
 * repositories it covers with the permissions it holds.
 */
final class RouteAccess {

  static final String NOT_ACCESSIBLE_BY_INTEGRATION = "Resource not accessible by integration";

  private final GitHubState state;

  RouteAccess(GitHubState state) {
    this.state = state;
  }

  /** The App endpoints, which take nothing but the App's JWT. */
  Access app() {
    return request -> {
      if (!(request.caller() instanceof Caller.App)) {
        throw ApiException.unauthorized(AppJwtVerifier.UNDECODABLE);
      }
    };
  }

  /** The authenticated user: an installation acts as no user, so only the personal token. */
  Access user() {
    return request -> {
      if (!(request.caller() instanceof Caller.User)) {
        throw ApiException.forbidden(NOT_ACCESSIBLE_BY_INTEGRATION);
      }
    };
  }

  /** Data any token may read, such as a user's profile. */
  Access anyToken() {
    return request -> {
      if (request.caller() instanceof Caller.App) {
        throw ApiException.forbidden(NOT_ACCESSIBLE_BY_INTEGRATION);
      }
    };
  }

  /** A repository route that needs {@code permission} from an installation token. */
  Access repository(Permission permission) {
    return repository(request -> List.of(permission));
  }

  /**
   * A repository route for which an installation token needs any one of the permissions {@code
   * anyOf} gives for the request. A repository outside the token is not found, as on GitHub, which
   * does not tell such a caller that the repository exists.
   */
  Access repository(Function<ApiRequest, List<Permission>> anyOf) {
    return request -> {
      Caller caller = request.caller();
      if (caller instanceof Caller.App) {
        throw ApiException.forbidden(NOT_ACCESSIBLE_BY_INTEGRATION);
      }
      if (caller instanceof Caller.Installation installation) {
        state
            .repository(request.variable("owner"), request.variable("repo"))
            .filter(repo -> installation.covers(repo.owner(), repo.name()))
            .orElseThrow(ApiException::notFound);
        if (anyOf.apply(request).stream().noneMatch(installation::has)) {
          throw ApiException.forbidden(NOT_ACCESSIBLE_BY_INTEGRATION);
        }
      }
    };
  }
}
