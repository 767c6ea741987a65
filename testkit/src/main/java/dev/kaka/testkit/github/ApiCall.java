package dev.kaka.testkit.github;

import java.util.Set;

/**
 * A REST call {@link FakeGitHub} received, answered or not, and how GitHub would count it against
 * its rate limits.
 *
 * @param path the path below {@code /api/v3}, decoded, without the query
 * @param credential what it authenticated with
 * @param endpoint the route it matched, such as {@code /repos/{owner}/{repo}/issues/{number}}; the
 *     path itself when it matched none
 * @param status the status it was answered with
 * @param task the task it was made for, from its {@value #TASK_HEADER} header; null without one
 */
public record ApiCall(
    String method, String path, Credential credential, String endpoint, int status, String task) {

  /** The header Kaka's services name the task of a GitHub request with. */
  public static final String TASK_HEADER = "X-Kaka-Task";

  private static final Set<String> CONTENT_CREATING = Set.of("POST", "PATCH", "PUT", "DELETE");
  private static final int NOT_MODIFIED = 304;

  /**
   * Whether it counts against the primary rate limit: every call but a conditional request answered
   * 304, as GitHub counts.
   */
  public boolean primary() {
    return status != NOT_MODIFIED;
  }

  /** Whether GitHub's secondary limits count it as content-creating: every write method. */
  public boolean contentCreating() {
    return CONTENT_CREATING.contains(method);
  }

  /** Whether it minted an App installation token, which GitHub App budgets list apart. */
  public boolean tokenMinting() {
    return credential instanceof Credential.AppJwt;
  }

  /** {@code GET /repos/{owner}/{repo}}: the method and the endpoint. */
  public String methodAndEndpoint() {
    return method + " " + endpoint;
  }
}
