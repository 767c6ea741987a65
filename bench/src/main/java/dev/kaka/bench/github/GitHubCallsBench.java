package dev.kaka.bench.github;

import dev.kaka.bench.system.Arguments;
import dev.kaka.bench.system.BenchSystem;
import dev.kaka.bench.system.TaskEventLog;
import dev.kaka.common.Topics;
import dev.kaka.testkit.agent.StubAgent;
import dev.kaka.testkit.github.ApiCall;
import dev.kaka.testkit.github.FakeGitHub;
import dev.kaka.testkit.github.FakeIssue;
import dev.kaka.testkit.github.FakePullRequest;
import dev.kaka.testkit.github.TaskCalls;
import dev.kaka.testkit.webhook.WebhookPayload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.node.ObjectNode;

/**
 * GitHub calls per task: runs the common task paths one at a time with default settings and the
 * stub agent, and counts what each task cost against GitHub's rate limits from the REST calls the
 * fake GitHub received for it (those naming the task in {@code X-Kaka-Task}, and the ingress's
 * untagged lookups on the repository while the task was queued). From those, how many such tasks
 * one installation (or token) can run an hour under the primary limit and the secondary limits on
 * content creation.
 */
public final class GitHubCallsBench {

  private static final Duration TASK_TIMEOUT = Duration.ofSeconds(90);
  // once a task's last event is out, its report reaches GitHub within this
  private static final Duration SETTLE = Duration.ofMillis(1500);
  private static final int PRIMARY_PER_HOUR = 5_000;
  private static final int SECONDARY_PER_MINUTE = 80;
  private static final int SECONDARY_PER_HOUR = 500;
  private static final int PRIMARY_GOAL = 6;
  private static final int CONTENT_CREATING_GOAL = 4;
  private static final Set<String> TERMINAL = Set.of("TaskCompleted", "TaskFailed");

  private final Arguments arguments;

  private GitHubCallsBench(Arguments arguments) {
    this.arguments = arguments;
  }

  public static void main(String[] args) throws Exception {
    java.util.logging.Logger.getLogger("org.apache").setLevel(java.util.logging.Level.OFF);
    new GitHubCallsBench(Arguments.parse(args)).run();
    System.exit(0);
  }

  private void run() throws Exception {
    int rounds = arguments.integer("rounds", 3);
    Map<String, List<TaskCalls>> paths = new LinkedHashMap<>();
    try (BenchSystem system =
            BenchSystem.start(arguments.path("work"), Map.of(), line -> log("%s", line));
        TaskEventLog events =
            TaskEventLog.follow(system.kafkaBootstrapServers(), Topics.TASK_EVENTS)) {
      Paths run = new Paths(system, events);
      // the first task meets cold caches: Kaka has not seen the repository or the requester yet
      paths.put("labeled issue → pull request, first task on the repository", List.of(run.pr()));
      for (int round = 1; round <= rounds; round++) {
        log("round %d of %d ...", round, rounds);
        paths
            .computeIfAbsent("**labeled issue → pull request**", k -> new ArrayList<>())
            .add(run.pr());
        paths
            .computeIfAbsent("failed run (the agent changes nothing)", k -> new ArrayList<>())
            .add(run.failed());
        paths
            .computeIfAbsent(
                "follow-up on the pull request (`/kaka …` comment)", k -> new ArrayList<>())
            .add(run.followUp());
        paths
            .computeIfAbsent(
                "fix of a pull request's failing check (`/kaka fix-checks`)",
                k -> new ArrayList<>())
            .add(run.checkFix());
      }
    }
    report(paths);
  }

  /** The task paths, each run once per call; every run waits until its task is reported. */
  private static final class Paths {

    private final BenchSystem system;
    private final TaskEventLog events;
    private final FakeGitHub github;

    Paths(BenchSystem system, TaskEventLog events) {
      this.system = system;
      this.events = events;
      this.github = system.github();
      // Kaka obeys only people who can write
      github.setPermission(
          BenchSystem.OWNER,
          BenchSystem.NAME,
          WebhookPayload.issueLabeled().json().path("sender").path("login").asString(),
          "write");
    }

    TaskCalls pr() throws InterruptedException {
      FakeIssue issue = system.openIssue("Add a line to the README", "A line, please.");
      return measure(labeled(issue));
    }

    TaskCalls failed() throws InterruptedException {
      FakeIssue issue = system.openIssue("Change nothing", StubAgent.NO_CHANGE);
      return measure(labeled(issue));
    }

    /** Opens a pull request first (not counted), then asks for more on it. */
    TaskCalls followUp() throws InterruptedException {
      return measure(commentOn(openPullRequest(), "/kaka also greet the moon"));
    }

    /**
     * Opens a pull request first (not counted), fails a GitHub Actions check on its head, then asks
     * Kaka to fix it: the fix reads the head, its check suites and runs, and the job's log.
     */
    TaskCalls checkFix() throws InterruptedException {
      FakePullRequest pull = openPullRequest();
      String head =
          github.branchHead(BenchSystem.OWNER, BenchSystem.NAME, pull.head()).orElseThrow();
      github.completeCheck(
          BenchSystem.OWNER,
          BenchSystem.NAME,
          head,
          "CI / build",
          "failure",
          "1 test failed",
          "BUILD FAILED in GreeterTest\n");
      return measure(commentOn(pull, "/kaka fix-checks"));
    }

    private FakePullRequest openPullRequest() throws InterruptedException {
      FakeIssue issue = system.openIssue("Add a greeting", "Say hello.");
      measure(labeled(issue));
      return github.pullRequests(BenchSystem.OWNER, BenchSystem.NAME).stream()
          .filter(candidate -> candidate.head().startsWith("kaka/issue-" + issue.number() + "-"))
          .findFirst()
          .orElseThrow();
    }

    private WebhookPayload commentOn(FakePullRequest pull, String text) {
      WebhookPayload comment =
          WebhookPayload.issueCommentCreated()
              .comment(text)
              .repository(BenchSystem.OWNER, BenchSystem.NAME, system.cloneUrl(), "main")
              .issue(pull.number(), pull.title(), pull.body());
      ObjectNode asPullRequest = (ObjectNode) comment.json().path("issue");
      asPullRequest.putObject("pull_request").put("html_url", pull.htmlUrl());
      asPullRequest.put("html_url", pull.htmlUrl());
      return comment;
    }

    private WebhookPayload labeled(FakeIssue issue) {
      return WebhookPayload.issueLabeled()
          .label("kaka")
          .repository(BenchSystem.OWNER, BenchSystem.NAME, system.cloneUrl(), "main")
          .issue(issue.number(), issue.title(), issue.body());
    }

    /** Sends the delivery, waits until its task is over and reported, and counts its calls. */
    private TaskCalls measure(WebhookPayload payload) throws InterruptedException {
      int from = github.apiCalls().size();
      String task = system.queue(payload);
      long deadline = System.nanoTime() + TASK_TIMEOUT.toNanos();
      while (events.events().stream()
          .noneMatch(e -> e.taskId().equals(task) && TERMINAL.contains(e.type()))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("task " + task + " did not finish; see the logs");
        }
        Thread.sleep(20);
      }
      int seen;
      do {
        seen = github.apiCalls().size();
        Thread.sleep(SETTLE.toMillis());
      } while (github.apiCalls().size() != seen);
      List<ApiCall> calls = github.apiCalls();
      String repository = "/repos/" + BenchSystem.OWNER + "/" + BenchSystem.NAME + "/";
      return TaskCalls.of(
          calls.subList(from, calls.size()).stream()
              .filter(
                  call ->
                      task.equals(call.task())
                          || call.task() == null
                              && !call.tokenMinting()
                              && call.path().startsWith(repository))
              .toList());
    }
  }

  private void report(Map<String, List<TaskCalls>> paths) {
    StringBuilder summary =
        new StringBuilder()
            .append(
                "| path | primary | content-creating | 304 (free) | tasks/h under 5,000/h |"
                    + " tasks/h under 500/h | tasks/min under 80/min | goal (≤ 6, ≤ 4) |\n")
            .append("|---|---:|---:|---:|---:|---:|---:|---|\n");
    StringBuilder raw = new StringBuilder();
    Set<String> endpoints = new TreeSet<>();
    Map<String, TaskCalls> typical = new LinkedHashMap<>();
    paths.forEach(
        (path, runs) -> {
          TaskCalls most = mostExpensive(runs);
          typical.put(path, most);
          endpoints.addAll(most.byEndpoint().keySet());
          summary.append(summaryRow(path, most));
          raw.append(path.replace("*", ""))
              .append(": primary=")
              .append(runs.stream().map(TaskCalls::primary).toList())
              .append(" content_creating=")
              .append(runs.stream().map(TaskCalls::contentCreating).toList())
              .append('\n');
        });
    StringBuilder byEndpoint = new StringBuilder("| method and endpoint |");
    typical.keySet().forEach(path -> byEndpoint.append(' ').append(path).append(" |"));
    byEndpoint.append("\n|---|").append("---:|".repeat(typical.size())).append('\n');
    for (String endpoint : endpoints) {
      byEndpoint.append("| `").append(endpoint).append("` |");
      for (TaskCalls calls : typical.values()) {
        TaskCalls.EndpointCalls counted = calls.byEndpoint().get(endpoint);
        byEndpoint.append(' ').append(cell(counted)).append(" |");
      }
      byEndpoint.append('\n');
    }
    String notes =
        "Counted by the fake GitHub from the task each service names in its requests"
            + " (`X-Kaka-Task`), plus the ingress's untagged lookups on the repository while the"
            + " delivery was handled (settings file, permission, the issue's comments); default"
            + " settings, a personal token, the stub agent. A"
            + " conditional request answered 304 costs no primary budget, as on GitHub; writes"
            + " (POST, PATCH, PUT, DELETE) are what the secondary limits count. A GitHub App also"
            + " mints an installation token per repository and service about once an hour,"
            + " which this leaves out. Each path ran "
            + paths.values().stream().mapToInt(List::size).max().orElse(0)
            + " times after the first task; the table shows its most expensive run. Per-endpoint"
            + " cells: calls that counted, and in brackets those answered 304.\n";
    String table = summary + "\n" + byEndpoint;
    System.out.println();
    System.out.print(table);
    arguments.writeReport(table + "\n" + notes, raw.toString());
  }

  private static TaskCalls mostExpensive(List<TaskCalls> runs) {
    return runs.stream()
        .max(
            java.util.Comparator.comparingInt(TaskCalls::primary)
                .thenComparingInt(TaskCalls::contentCreating))
        .orElseThrow();
  }

  private static String summaryRow(String path, TaskCalls calls) {
    int primary = calls.primary();
    int writes = calls.contentCreating();
    boolean met = primary <= PRIMARY_GOAL && writes <= CONTENT_CREATING_GOAL;
    return String.format(
        Locale.ROOT,
        "| %s | %d | %d | %d | %s | %s | %s | %s |\n",
        path,
        primary,
        writes,
        calls.notModified(),
        perTask(PRIMARY_PER_HOUR, primary),
        perTask(SECONDARY_PER_HOUR, writes),
        perTask(SECONDARY_PER_MINUTE, writes),
        path.startsWith("**") ? (met ? "**met**" : "**missed**") : "—");
  }

  private static String perTask(int budget, int perTask) {
    return perTask == 0 ? "∞" : String.format(Locale.ROOT, "%,d", budget / perTask);
  }

  private static String cell(TaskCalls.EndpointCalls counted) {
    if (counted == null) {
      return "—";
    }
    return counted.notModified() == 0
        ? Integer.toString(counted.primary())
        : counted.primary() + " (" + counted.notModified() + ")";
  }

  private static void log(String format, Object... values) {
    System.err.println("github-calls: " + String.format(Locale.ROOT, format, values));
  }
}
