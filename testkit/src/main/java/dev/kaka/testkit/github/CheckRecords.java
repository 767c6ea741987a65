package dev.kaka.testkit.github;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The checks of the fake's commits: check suites, the check runs in them with their output, the
 * workflow runs of GitHub Actions and their jobs' logs. An Actions job is a check run with the same
 * id, as on GitHub. Logs are served from a signed address of their own, as GitHub redirects to one.
 */
final class CheckRecords {

  static final String ACTIONS = "github-actions";

  /** A check suite: one app's checks of one commit. */
  record Suite(
      long id,
      String repository,
      String headSha,
      String app,
      String status,
      String conclusion,
      Instant createdAt) {}

  /** A check run in a suite, with what it reported. */
  record Run(
      long id,
      long suiteId,
      String repository,
      String headSha,
      String name,
      String app,
      String conclusion,
      String output,
      Instant completedAt) {}

  /** A workflow run of GitHub Actions, whose one job is the check run of the same name. */
  record WorkflowRun(
      long id, String repository, String headSha, String name, String conclusion, long jobId) {}

  private final Clock clock;
  private final AtomicLong ids = new AtomicLong(8_000_000);
  private final List<Suite> suites = new ArrayList<>();
  private final List<Run> runs = new ArrayList<>();
  private final List<WorkflowRun> workflows = new ArrayList<>();
  private final Map<Long, String> logs = new ConcurrentHashMap<>();
  private final Map<String, Long> signedLogs = new ConcurrentHashMap<>();

  CheckRecords(Clock clock) {
    this.clock = clock;
  }

  /**
   * An Actions workflow {@code name} that completed on {@code headSha} with {@code conclusion}: a
   * suite, its check run with {@code output}, the workflow run and the job's {@code log}.
   */
  synchronized Run complete(
      String repository,
      String headSha,
      String name,
      String conclusion,
      String output,
      String log) {
    Instant now = clock.instant();
    Suite suite =
        new Suite(
            ids.incrementAndGet(), repository, headSha, ACTIONS, "completed", conclusion, now);
    suites.add(suite);
    Run run =
        new Run(
            ids.incrementAndGet(),
            suite.id(),
            repository,
            headSha,
            name,
            ACTIONS,
            conclusion,
            output,
            now);
    runs.add(run);
    workflows.add(
        new WorkflowRun(ids.incrementAndGet(), repository, headSha, name, conclusion, run.id()));
    logs.put(run.id(), log);
    return run;
  }

  /** A suite of {@code app} on {@code headSha} that never starts, as apps' suites sometimes do. */
  synchronized Suite queued(String repository, String headSha, String app) {
    Suite suite =
        new Suite(ids.incrementAndGet(), repository, headSha, app, "queued", null, clock.instant());
    suites.add(suite);
    return suite;
  }

  synchronized List<Suite> suites(String repository, String headSha) {
    return suites.stream()
        .filter(suite -> suite.repository().equals(repository) && suite.headSha().equals(headSha))
        .toList();
  }

  synchronized List<Run> runs(String repository, String headSha) {
    return runs.stream()
        .filter(run -> run.repository().equals(repository) && run.headSha().equals(headSha))
        .toList();
  }

  synchronized List<WorkflowRun> workflowRuns(String repository) {
    return workflows.stream().filter(run -> run.repository().equals(repository)).toList();
  }

  synchronized Optional<WorkflowRun> workflowRun(String repository, long id) {
    return workflows.stream()
        .filter(run -> run.repository().equals(repository) && run.id() == id)
        .findFirst();
  }

  /** A one-use key to the job's log, for its signed address; empty when the job has none. */
  synchronized Optional<String> signLog(String repository, long jobId) {
    boolean mine =
        runs.stream().anyMatch(run -> run.id() == jobId && run.repository().equals(repository));
    if (!mine || !logs.containsKey(jobId)) {
      return Optional.empty();
    }
    String key = UUID.randomUUID().toString();
    signedLogs.put(key, jobId);
    return Optional.of(key);
  }

  /** The log a signed key opens. */
  Optional<String> signedLog(String key) {
    Long job = key == null ? null : signedLogs.remove(key);
    return job == null ? Optional.empty() : Optional.ofNullable(logs.get(job));
  }
}
