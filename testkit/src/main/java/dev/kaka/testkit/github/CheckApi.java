package dev.kaka.testkit.github;

import static dev.kaka.testkit.github.RestLookups.repository;

import dev.kaka.testkit.github.ApiRouter.Access;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The checks API and GitHub Actions' runs and job logs, as far as a reader of failed checks uses
 * them: a commit's check suites and check runs, workflow runs, and a job's log, which GitHub
 * answers with a redirect to a signed address.
 */
final class CheckApi {

  static final String LOG_PATH = "/job-logs";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final GitHubState state;
  private final CheckRecords checks;
  private final Urls urls;
  private final RouteAccess access;

  CheckApi(GitHubState state, CheckRecords checks, Urls urls, RouteAccess access) {
    this.state = state;
    this.checks = checks;
    this.urls = urls;
    this.access = access;
  }

  void register(ApiRouter router) {
    Access checksRead = access.repository(Permission.read("checks"));
    Access actionsRead = access.repository(Permission.read("actions"));
    router.get("/repos/{owner}/{repo}/commits/{ref}/check-suites", checksRead, this::suites);
    router.get("/repos/{owner}/{repo}/commits/{ref}/check-runs", checksRead, this::runs);
    router.get("/repos/{owner}/{repo}/actions/runs", actionsRead, this::workflowRuns);
    router.get("/repos/{owner}/{repo}/actions/runs/{id}", actionsRead, this::workflowRun);
    router.get("/repos/{owner}/{repo}/actions/jobs/{id}/logs", actionsRead, this::jobLog);
  }

  private ApiResponse suites(ApiRequest request) {
    String repository = fullName(request);
    ArrayNode list = JSON.arrayNode();
    for (CheckRecords.Suite suite : checks.suites(repository, request.variable("ref"))) {
      ObjectNode json = list.addObject();
      json.put("id", suite.id());
      json.put("head_sha", suite.headSha());
      json.put("status", suite.status());
      json.put("conclusion", suite.conclusion());
      json.putObject("app").put("slug", suite.app());
      json.put("created_at", suite.createdAt().toString());
    }
    ObjectNode body = JSON.objectNode().put("total_count", list.size());
    body.set("check_suites", list);
    return ApiResponse.ok(body);
  }

  private ApiResponse runs(ApiRequest request) {
    String repository = fullName(request);
    ArrayNode list = JSON.arrayNode();
    for (CheckRecords.Run run : checks.runs(repository, request.variable("ref"))) {
      ObjectNode json = list.addObject();
      json.put("id", run.id());
      json.put("name", run.name());
      json.put("head_sha", run.headSha());
      json.put("status", "completed");
      json.put("conclusion", run.conclusion());
      json.put("completed_at", run.completedAt().toString());
      json.putObject("output")
          .put("title", run.name() + " " + run.conclusion())
          .put("summary", "")
          .put("text", run.output());
      json.putObject("check_suite").put("id", run.suiteId());
      json.putObject("app").put("slug", run.app());
    }
    ObjectNode body = JSON.objectNode().put("total_count", list.size());
    body.set("check_runs", list);
    return ApiResponse.ok(body);
  }

  private ApiResponse workflowRuns(ApiRequest request) {
    String repository = fullName(request);
    ArrayNode list = JSON.arrayNode();
    checks.workflowRuns(repository).stream()
        .filter(run -> request.query("head_sha").map(run.headSha()::equals).orElse(true))
        .forEach(run -> list.add(workflowRun(run)));
    ObjectNode body = JSON.objectNode().put("total_count", list.size());
    body.set("workflow_runs", list);
    return ApiResponse.ok(body);
  }

  private ApiResponse workflowRun(ApiRequest request) {
    return checks
        .workflowRun(fullName(request), request.id("id"))
        .map(run -> ApiResponse.ok(workflowRun(run)))
        .orElseThrow(ApiException::notFound);
  }

  private static JsonNode workflowRun(CheckRecords.WorkflowRun run) {
    return JSON.objectNode()
        .put("id", run.id())
        .put("name", run.name())
        .put("head_sha", run.headSha())
        .put("status", "completed")
        .put("conclusion", run.conclusion());
  }

  /** GitHub's answer: 302 to a short-lived signed address that needs no token. */
  private ApiResponse jobLog(ApiRequest request) {
    String key =
        checks.signLog(fullName(request), request.id("id")).orElseThrow(ApiException::notFound);
    return new ApiResponse(
        302, JSON.objectNode(), Map.of("Location", urls.web() + LOG_PATH + "/" + key));
  }

  private String fullName(ApiRequest request) {
    RepoRecord repo = repository(state, request);
    return repo.owner() + "/" + repo.name();
  }
}
