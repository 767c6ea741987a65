package dev.kaka.worker.checks;

import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.PullRequestRef;
import dev.kaka.support.github.AppPermissions;
import dev.kaka.support.github.GitHubApp;
import dev.kaka.support.github.GitHubProperties;
import dev.kaka.support.github.RepositoryTokens;
import dev.kaka.support.secrets.SecretMasker;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;
import tools.jackson.databind.JsonNode;

/**
 * Judges the checks a fix task is for, on the pull request's head as the worker finds it: nothing
 * to fix when the head moved on from the commit whose checks failed, or when no check failed on it;
 * otherwise the failed checks with the end of their output and Actions job logs, masked. Waits for
 * the head's check suites to complete, up to {@code kaka.checks.settle-time} after the task was
 * triggered, so one fix sees every failure of the head.
 */
public final class FailingChecks {

  // the checks a fix is about are the first few; a prompt of every check of a big matrix would
  // crowd out the work
  static final int MAX_CHECKS = 5;
  private static final Set<String> FAILED = Set.of("failure", "timed_out", "startup_failure");
  private static final Duration MAX_POLL = Duration.ofSeconds(10);

  /** What the tokens that read checks may do as a GitHub App: read, nothing else. */
  static final AppPermissions APP_PERMISSIONS =
      new AppPermissions(
          Map.of(
              "checks", AppPermissions.Access.READ,
              "actions", AppPermissions.Access.READ,
              "pull_requests", AppPermissions.Access.READ));

  private final ChecksApi api;
  private final ChecksProperties properties;
  private final Clock clock;

  FailingChecks(ChecksApi api, ChecksProperties properties, Clock clock) {
    this.api = api;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * The checks of the GitHub server of {@code github}, read with its personal token, else with
   * installation tokens of {@code app}, else anonymously.
   */
  public static FailingChecks of(
      ChecksProperties properties, GitHubProperties github, Optional<GitHubApp> app, Clock clock) {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(properties.timeout())
            .build();
    RepositoryTokens tokens = RepositoryTokens.of(github, app, APP_PERMISSIONS);
    return new FailingChecks(
        new ChecksApi(http, github.apiUrl(), tokens, properties.timeout()), properties, clock);
  }

  /**
   * The checks {@code task} is to fix; {@link CheckReport#NONE} for a task that fixes none.
   *
   * @throws IOException when GitHub does not serve them
   */
  public CheckReport of(IssueTriggered task) throws IOException, InterruptedException {
    PullRequestRef pull = task.pullRequest();
    if (pull == null || pull.checkFix() == null) {
      return CheckReport.NONE;
    }
    String head = api.pullRequest(task).path("head").path("sha").asString("");
    String failedOn = pull.checkFix().headSha();
    if (failedOn != null && !failedOn.equals(head)) {
      return CheckReport.nothingToFix(
          head,
          "the pull request moved on from "
              + shortSha(failedOn)
              + " to "
              + shortSha(head)
              + " before the fix started; the checks of the new head are judged on their own");
    }
    settle(task, head);
    List<FailedCheck> failed = failedChecks(task, head);
    if (failed.isEmpty()) {
      return CheckReport.nothingToFix(
          head, "no check has failed on " + shortSha(head) + ", so there is nothing to fix");
    }
    return new CheckReport(head, failed, null);
  }

  /** Waits while a check suite of the head is still running, up to the settle time. */
  private void settle(IssueTriggered task, String head) throws IOException, InterruptedException {
    Instant until = task.occurredAt().plus(properties.settleTime());
    Duration poll = min(MAX_POLL, properties.settleTime().dividedBy(4));
    while (running(api.checkSuites(task, head)) && clock.instant().isBefore(until)) {
      Thread.sleep(Math.max(1, min(poll, Duration.between(clock.instant(), until)).toMillis()));
    }
  }

  private static boolean running(JsonNode suites) {
    return StreamSupport.stream(suites.path("check_suites").spliterator(), false)
        .anyMatch(suite -> !suite.path("status").asString("").equals("completed"));
  }

  private List<FailedCheck> failedChecks(IssueTriggered task, String head)
      throws IOException, InterruptedException {
    SecretMasker masker = SecretMasker.of(System.getenv(), List.of(api.tokenFor(task)));
    int tail = (int) Math.min(Integer.MAX_VALUE, properties.logTail().toBytes());
    List<FailedCheck> failed = new ArrayList<>();
    for (JsonNode run : api.checkRuns(task, head).path("check_runs")) {
      String conclusion = run.path("conclusion").asString("");
      if (FAILED.contains(conclusion) && failed.size() < MAX_CHECKS) {
        failed.add(
            new FailedCheck(
                run.path("name").asString("a check"),
                conclusion,
                masker.mask(tailOf(output(run.path("output")), tail)),
                masker.mask(log(task, run, tail))));
      }
    }
    return failed;
  }

  /** The end of the run's Actions job log; empty for a run that is no Actions job. */
  private String log(IssueTriggered task, JsonNode run, int tail)
      throws IOException, InterruptedException {
    if (!run.path("app").path("slug").asString("").equals("github-actions")) {
      return "";
    }
    return api.jobLogTail(task, run.path("id").asLong(), tail)
        .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
        .orElse("");
  }

  private static String output(JsonNode output) {
    List<String> parts = new ArrayList<>();
    for (String field : List.of("title", "summary", "text")) {
      String part = output.path(field).asString("").strip();
      if (!part.isEmpty()) {
        parts.add(part);
      }
    }
    return String.join("\n", parts);
  }

  private static String tailOf(String text, int maxBytes) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= maxBytes) {
      return text;
    }
    // a cut in the middle of a character decodes to a replacement character, which is harmless
    return new String(bytes, bytes.length - maxBytes, maxBytes, StandardCharsets.UTF_8);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static String shortSha(String sha) {
    return sha.substring(0, Math.min(7, sha.length()));
  }
}
