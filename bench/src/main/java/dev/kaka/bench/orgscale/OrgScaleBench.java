package dev.kaka.bench.orgscale;

import dev.kaka.bench.system.Arguments;
import dev.kaka.bench.system.BenchSystem;
import dev.kaka.bench.system.PrometheusScrape;
import dev.kaka.bench.system.Stats;
import dev.kaka.bench.system.TaskEventLog;
import dev.kaka.common.Topics;
import dev.kaka.local.LocalSettings;
import dev.kaka.testkit.github.FakeComment;
import dev.kaka.testkit.github.FakeGitHub;
import dev.kaka.testkit.github.FakeIssue;
import dev.kaka.testkit.github.FakePullRequest;
import dev.kaka.testkit.github.FakeRepository;
import dev.kaka.testkit.github.SecondaryLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Organisation scale: labeled issues on many repositories, sent in bursts, run by several worker
 * JVMs with the stub agent, against a fake GitHub that enforces GitHub's secondary limits sped up
 * {@code --speed-up} times, with the notifier's pacer sped up alike. Every task must complete
 * exactly once, with one pull request and one comment; reports the wall time, tasks a minute, the
 * secondary-limit answers GitHub gave, how long writes waited for their turn, how far the status
 * comments lagged behind the tasks' completion, and MongoDB's writes per task.
 */
public final class OrgScaleBench {

  private static final Set<String> MONGO_WRITES =
      Set.of("insert", "update", "delete", "findAndModify");
  private static final Set<String> CONTENT_CREATING = Set.of("POST", "PATCH", "PUT", "DELETE");
  private static final String QUEUE_WAIT = "kaka_github_write_queue_wait_seconds";
  private static final String DONE = "opened a pull request";
  private static final Pattern ISSUE_BRANCH = Pattern.compile("kaka/issue-(\\d+)-");
  private static final int SENDERS = 8;

  private final Arguments arguments;

  private OrgScaleBench(Arguments arguments) {
    this.arguments = arguments;
  }

  public static void main(String[] args) throws Exception {
    java.util.logging.Logger.getLogger("org.apache").setLevel(java.util.logging.Level.OFF);
    new OrgScaleBench(Arguments.parse(args)).run();
    System.exit(0);
  }

  /** An issue to label, and once labeled, its task. */
  private record Planned(FakeRepository repository, FakeIssue issue) {}

  private record Queued(Planned planned, String taskId) {}

  private void run() throws Exception {
    Settings settings = Settings.of(arguments);
    Map<String, String> notifier =
        Map.of("kaka.github.pacing.speed-up", Integer.toString(settings.speedUp()));
    try (BenchSystem system =
            BenchSystem.start(arguments.path("work"), Map.of(), notifier, line -> log("%s", line));
        TaskEventLog events =
            TaskEventLog.follow(system.kafkaBootstrapServers(), Topics.TASK_EVENTS)) {
      for (int worker = 1; worker < settings.workers(); worker++) {
        system.addWorker();
      }
      List<Planned> planned = plan(system, settings);
      system.github().enforceSecondaryLimits(SecondaryLimits.github().spedUp(settings.speedUp()));
      Map<String, Double> mongoBefore = mongoWrites(system);
      Instant start = Instant.now();
      List<Queued> queued = send(system, planned, settings);
      Map<Queued, Instant> done = awaitDone(system.github(), events, queued, settings.timeout());
      Instant end = done.values().stream().max(Instant::compareTo).orElseThrow();
      log("all %d tasks done; looking for repeats ...", queued.size());
      // a task run twice would show its second outcome within moments
      Thread.sleep(5_000);
      Outcome outcome =
          new Outcome(
              settings,
              Duration.between(start, end),
              exactlyOnce(system.github(), events, queued),
              system.github().secondaryLimitAnswers(),
              writesPerTask(system.github(), queued),
              perTask(mongoWrites(system), mongoBefore, queued.size()),
              reportLag(events, done),
              PrometheusScrape.of(system.prometheus(LocalSettings.NOTIFIER)));
      arguments.writeReport(outcome.markdown(), outcome.raw());
      log("%s", outcome.raw());
    }
  }

  /** Creates the repositories and opens the issues, spread evenly over the repositories. */
  private static List<Planned> plan(BenchSystem system, Settings settings) {
    log("creating %d repositories and %d issues ...", settings.repositories(), settings.triggers());
    List<FakeRepository> repositories = new ArrayList<>();
    for (int i = 1; i <= settings.repositories(); i++) {
      repositories.add(system.createRepository(String.format(Locale.ROOT, "org-%03d", i)));
    }
    List<Planned> planned = new ArrayList<>();
    for (int i = 0; i < settings.triggers(); i++) {
      FakeRepository repository = repositories.get(i % repositories.size());
      FakeIssue issue =
          system
              .github()
              .openIssue(repository.owner(), repository.name(), "Organisation task " + i, "Quick.");
      planned.add(new Planned(repository, issue));
    }
    return planned;
  }

  /** Labels the issues in bursts, each burst all at once, with a pause between bursts. */
  private static List<Queued> send(BenchSystem system, List<Planned> planned, Settings settings)
      throws Exception {
    int burst = (planned.size() + settings.bursts() - 1) / settings.bursts();
    List<Queued> queued = new ArrayList<>();
    ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
    try {
      for (int from = 0; from < planned.size(); from += burst) {
        if (from > 0) {
          Thread.sleep(settings.burstPause().toMillis());
        }
        List<Future<Queued>> sent = new ArrayList<>();
        for (Planned issue : planned.subList(from, Math.min(from + burst, planned.size()))) {
          sent.add(
              senders.submit(
                  () ->
                      new Queued(
                          issue,
                          system.queue(BenchSystem.labeled(issue.repository(), issue.issue())))));
        }
        for (Future<Queued> one : sent) {
          queued.add(one.get());
        }
        log("burst sent: %d of %d triggers queued", queued.size(), planned.size());
      }
    } finally {
      senders.shutdown();
    }
    return queued;
  }

  /**
   * Waits until every task completed and its status comment says so (the last write of a task);
   * returns when each task's such comment was written.
   */
  private static Map<Queued, Instant> awaitDone(
      FakeGitHub github, TaskEventLog events, List<Queued> queued, Duration timeout)
      throws InterruptedException {
    Set<Queued> pending = new HashSet<>(queued);
    Map<Queued, Instant> done = new HashMap<>();
    int reported = queued.size() + 1;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!pending.isEmpty()) {
      Set<String> completed =
          events.events("TaskCompleted").stream()
              .map(TaskEventLog.Event::taskId)
              .collect(Collectors.toSet());
      for (Queued task : List.copyOf(pending)) {
        if (completed.contains(task.taskId())) {
          for (FakeComment comment : comments(github, task.planned())) {
            Instant written =
                comment.updatedAt() == null ? comment.createdAt() : comment.updatedAt();
            if (comment.body().contains(DONE)) {
              pending.remove(task);
              done.put(task, written);
            }
          }
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            pending.size() + " of " + queued.size() + " tasks not done after " + timeout);
      }
      if (pending.size() < reported) {
        reported = pending.size();
        log("%d of %d tasks done", queued.size() - reported, queued.size());
      }
      Thread.sleep(2_000);
    }
    return done;
  }

  /**
   * Per task, the seconds from its completion (the worker's {@code TaskCompleted}) to its status
   * comment saying so: where the writes' queue shows when the pacer sets the pace, since the
   * notifier's one listener thread waits for each turn and the events behind it wait in Kafka.
   */
  private static List<Double> reportLag(TaskEventLog events, Map<Queued, Instant> done) {
    Map<String, Instant> completed = new HashMap<>();
    for (TaskEventLog.Event event : events.events("TaskCompleted")) {
      completed.putIfAbsent(event.taskId(), event.occurredAt());
    }
    List<Double> lags = new ArrayList<>();
    done.forEach(
        (task, written) ->
            lags.add(Duration.between(completed.get(task.taskId()), written).toMillis() / 1000.0));
    return lags;
  }

  private static List<FakeComment> comments(FakeGitHub github, Planned planned) {
    return github.comments(
        planned.repository().owner(), planned.repository().name(), planned.issue().number());
  }

  /** What was counted per task: completions, pull requests and comments. */
  private record Counts(
      Map<Integer, Long> completions,
      Map<Integer, Long> pullRequests,
      Map<Integer, Long> comments) {

    boolean exactlyOnce() {
      return completions.keySet().equals(Set.of(1))
          && pullRequests.keySet().equals(Set.of(1))
          && comments.keySet().equals(Set.of(1));
    }

    /** {@code 1 × 2,000}: how many tasks had each count. */
    static String spread(Map<Integer, Long> tasksByCount) {
      return tasksByCount.entrySet().stream()
          .map(entry -> String.format(Locale.ROOT, "%d × %,d", entry.getKey(), entry.getValue()))
          .collect(Collectors.joining(", "));
    }
  }

  private static Counts exactlyOnce(FakeGitHub github, TaskEventLog events, List<Queued> queued) {
    Map<String, Long> completions =
        events.events("TaskCompleted").stream()
            .collect(Collectors.groupingBy(TaskEventLog.Event::taskId, Collectors.counting()));
    Map<String, Map<Integer, Long>> pullsByRepository = new HashMap<>();
    List<Integer> completed = new ArrayList<>();
    List<Integer> pulls = new ArrayList<>();
    List<Integer> comments = new ArrayList<>();
    for (Queued task : queued) {
      FakeRepository repository = task.planned().repository();
      completed.add(completions.getOrDefault(task.taskId(), 0L).intValue());
      pulls.add(
          pullsByRepository
              .computeIfAbsent(repository.name(), name -> pullsPerIssue(github, repository))
              .getOrDefault(task.planned().issue().number(), 0L)
              .intValue());
      comments.add(comments(github, task.planned()).size());
    }
    return new Counts(tally(completed), tally(pulls), tally(comments));
  }

  private static Map<Integer, Long> pullsPerIssue(FakeGitHub github, FakeRepository repository) {
    Map<Integer, Long> perIssue = new HashMap<>();
    for (FakePullRequest pull : github.pullRequests(repository.owner(), repository.name())) {
      Matcher branch = ISSUE_BRANCH.matcher(pull.head());
      if (branch.lookingAt()) {
        perIssue.merge(Integer.parseInt(branch.group(1)), 1L, Long::sum);
      }
    }
    return perIssue;
  }

  private static Map<Integer, Long> tally(List<Integer> counts) {
    return counts.stream()
        .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
  }

  /**
   * Content-creating requests per task, as GitHub's secondary limits count them, per method and
   * endpoint.
   */
  private static Map<String, Double> writesPerTask(FakeGitHub github, List<Queued> queued) {
    Map<String, Double> writes = new TreeMap<>();
    for (Queued task : queued) {
      github
          .apiCallsFor(task.taskId())
          .byEndpoint()
          .forEach(
              (endpoint, calls) -> {
                if (CONTENT_CREATING.contains(endpoint.substring(0, endpoint.indexOf(' ')))) {
                  writes.merge(endpoint, (double) calls.primary() / queued.size(), Double::sum);
                }
              });
    }
    return writes;
  }

  /**
   * The writes to MongoDB the ingress and the notifier made so far, as their drivers count, per
   * service, collection and command.
   */
  private static Map<String, Double> mongoWrites(BenchSystem system) {
    Map<String, Double> writes = new TreeMap<>();
    for (String service : List.of(LocalSettings.INGRESS, LocalSettings.NOTIFIER)) {
      PrometheusScrape.of(system.prometheus(service))
          .sumBy(
              "mongodb_driver_commands_seconds_count",
              labels -> MONGO_WRITES.contains(labels.get("command")),
              labels ->
                  service
                      + " `"
                      + labels.getOrDefault("collection", "?")
                      + "` "
                      + labels.get("command"))
          .forEach((key, count) -> writes.merge(key, count, Double::sum));
    }
    return writes;
  }

  private static Map<String, Double> perTask(
      Map<String, Double> after, Map<String, Double> before, int tasks) {
    Map<String, Double> perTask = new TreeMap<>();
    after.forEach(
        (key, count) -> {
          double made = count - before.getOrDefault(key, 0.0);
          if (made > 0) {
            perTask.put(key, made / tasks);
          }
        });
    return perTask;
  }

  private static double total(Map<String, Double> perTask) {
    return perTask.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  /** {@code | `POST /repos/…` | 1.00 |} rows, one per entry. */
  private static String rows(Map<String, Double> perTask, Function<String, String> label) {
    return perTask.entrySet().stream()
        .map(
            entry ->
                String.format(
                    Locale.ROOT, "| %s | %.2f |\n", label.apply(entry.getKey()), entry.getValue()))
        .collect(Collectors.joining());
  }

  /** The run's settings, from the command line. */
  private record Settings(
      int repositories,
      int triggers,
      int bursts,
      Duration burstPause,
      int workers,
      int speedUp,
      Duration timeout) {

    static Settings of(Arguments arguments) {
      return new Settings(
          arguments.integer("repositories", 200),
          arguments.integer("triggers", 2000),
          arguments.integer("bursts", 10),
          Duration.ofSeconds(arguments.integer("burst-pause-seconds", 5)),
          arguments.integer("workers", 4),
          arguments.integer("speed-up", 120),
          Duration.ofMinutes(arguments.integer("timeout-minutes", 45)));
    }
  }

  /** What the run measured, and the report of it. */
  private record Outcome(
      Settings settings,
      Duration wall,
      Counts counts,
      int secondaryLimitAnswers,
      Map<String, Double> githubWrites,
      Map<String, Double> mongoWrites,
      List<Double> reportLag,
      PrometheusScrape notifier) {

    double seconds() {
      return wall.toMillis() / 1000.0;
    }

    double tasksPerMinute() {
      return settings.triggers() / (seconds() / 60);
    }

    /**
     * Content-creating requests per hour of the fake's clock, on average over the run: near the
     * pacer's 400 when pacing set the pace, lower when the workers did.
     */
    double writesPerTask() {
      return total(githubWrites);
    }

    double mongoWritesPerTask() {
      return total(mongoWrites);
    }

    double writesPerLimitHour() {
      return writesPerTask() * settings.triggers() / (seconds() * settings.speedUp() / 3600);
    }

    String markdown() {
      double p50 = notifier.quantile(QUEUE_WAIT, 0.5) * 1000;
      double p99 = notifier.quantile(QUEUE_WAIT, 0.99) * 1000;
      double paced = notifier.sum(QUEUE_WAIT + "_count", labels -> true);
      String verdict =
          counts.exactlyOnce()
              ? "Every task completed exactly once, with one pull request and one comment."
              : "**Some task completed other than once, or has other than one pull request or"
                  + " comment: see the counts.**";
      return String.format(
          Locale.ROOT,
          "| measure | value | goal |\n"
              + "|---|---:|---|\n"
              + "| wall time (first webhook to the last status comment) | %.1f s | — |\n"
              + "| tasks per minute | %.1f | — |\n"
              + "| content-creating requests per hour of the limits' clock, on average | %.0f"
              + " | ≤ 450, the pacer's most (GitHub allows 500) |\n"
              + "| secondary-limit answers from GitHub | %d | 0: **%s** |\n"
              + "| writes' wait for a turn, p50 / p99 (%,.0f writes) | %.0f ms / %.0f ms | — |\n"
              + "| status comment's lag behind the task's completion, p50 / p99 / most"
              + " | %.1f s / %.1f s / %.1f s | — |\n"
              + "| content-creating GitHub requests per task | %.2f | ≤ 4 |\n"
              + "| MongoDB writes per task (ingress and notifier) | %.1f | — |\n"
              + "\n%s Completions per task: %s; pull requests per issue: %s; comments per issue:"
              + " %s.\n\n"
              + "%d repositories, %,d labeled issues sent in %d bursts %d s apart (each burst"
              + " spread over all repositories), %d worker JVMs (`kaka.worker.concurrency` 2"
              + " each), the stub agent, which finishes at once; one personal token, so one"
              + " budget. The fake GitHub enforces GitHub's secondary limits, 80 writes a minute"
              + " and 500 an hour per token, on a clock %d times faster (a minute lasts %.2f s,"
              + " an hour %.0f s), and the notifier's pacer runs its defaults (60 a minute and"
              + " 400 an hour, bursts of 10 and 50) on the same clock"
              + " (`kaka.github.pacing.speed-up=%d`). The wait for a turn is the notifier's"
              + " `%s` histogram, interpolated within its buckets: the wait of the one listener"
              + " thread, while the events behind it wait in Kafka, which is what the status"
              + " comment's lag (from the worker's `TaskCompleted` to the comment saying so)"
              + " shows. MongoDB writes are the"
              + " drivers' `insert`, `update`, `delete` and `findAndModify` commands, the"
              + " pacer's own included. Everything runs on the same 2 cores.\n"
              + "\nPer task, on average:\n\n"
              + "| GitHub write (method and endpoint) | per task |\n|---|---:|\n%s"
              + "\n| MongoDB write (service, collection, command) | per task |\n|---|---:|\n%s",
          seconds(),
          tasksPerMinute(),
          writesPerLimitHour(),
          secondaryLimitAnswers,
          secondaryLimitAnswers == 0 ? "met" : "missed",
          paced,
          p50,
          p99,
          Stats.median(reportLag),
          Stats.percentile(reportLag, 99),
          Stats.max(reportLag),
          writesPerTask(),
          mongoWritesPerTask(),
          verdict,
          Counts.spread(counts.completions()),
          Counts.spread(counts.pullRequests()),
          Counts.spread(counts.comments()),
          settings.repositories(),
          settings.triggers(),
          settings.bursts(),
          settings.burstPause().toSeconds(),
          settings.workers(),
          settings.speedUp(),
          60.0 / settings.speedUp(),
          3600.0 / settings.speedUp(),
          settings.speedUp(),
          QUEUE_WAIT,
          rows(githubWrites, endpoint -> "`" + endpoint + "`"),
          rows(mongoWrites, Function.identity()));
    }

    String raw() {
      return String.format(
          Locale.ROOT,
          "wall_s=%.3f tasks=%d tasks_per_min=%.2f writes_per_limit_hour=%.1f secondary_answers=%d"
              + " queue_wait_p50_s=%.4f queue_wait_p99_s=%.4f report_lag_p50_s=%.1f"
              + " report_lag_p99_s=%.1f report_lag_max_s=%.1f writes_per_task=%.3f"
              + " mongo_writes_per_task=%.2f exactly_once=%s\n",
          seconds(),
          settings.triggers(),
          tasksPerMinute(),
          writesPerLimitHour(),
          secondaryLimitAnswers,
          notifier.quantile(QUEUE_WAIT, 0.5),
          notifier.quantile(QUEUE_WAIT, 0.99),
          Stats.median(reportLag),
          Stats.percentile(reportLag, 99),
          Stats.max(reportLag),
          writesPerTask(),
          mongoWritesPerTask(),
          counts.exactlyOnce());
    }
  }

  private static void log(String format, Object... args) {
    System.err.printf(Locale.ROOT, "bench: " + format + "%n", args);
  }
}
