package dev.kaka.bench.pipeline;

import dev.kaka.bench.system.Arguments;
import dev.kaka.bench.system.BenchSystem;
import dev.kaka.bench.system.Stats;
import dev.kaka.bench.system.TaskEventLog;
import dev.kaka.common.Topics;
import dev.kaka.testkit.github.FakeIssue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Pipeline overhead: everything Kaka does around the agent, with a stub agent that finishes at
 * once. Tasks run one at a time (each webhook is sent when the previous task's pull request is
 * open), so every figure is the pipeline's own latency, not time spent queueing behind another
 * task. The first tasks warm the repository cache and the JVMs' JIT and are not counted.
 *
 * <p>For each counted task: from the webhook's 202 (the task is durably queued) to the agent
 * process's start (the stub's own clock reading), and to the pull request's creation in the fake
 * GitHub. The task events on the topic split that time into its stages.
 */
public final class PipelineBench {

  private static final Duration TASK_TIMEOUT = Duration.ofSeconds(60);

  private final Arguments arguments;

  private PipelineBench(Arguments arguments) {
    this.arguments = arguments;
  }

  public static void main(String[] args) throws Exception {
    java.util.logging.Logger.getLogger("org.apache").setLevel(java.util.logging.Level.OFF);
    new PipelineBench(Arguments.parse(args)).run();
    System.exit(0);
  }

  private void run() throws Exception {
    int tasks = arguments.integer("tasks", 50);
    int warmUp = arguments.integer("warm-up", 10);
    try (BenchSystem system =
            BenchSystem.start(arguments.path("work"), Map.of(), line -> log("%s", line));
        TaskEventLog events =
            TaskEventLog.follow(system.kafkaBootstrapServers(), Topics.TASK_EVENTS)) {
      log("warming up with %d tasks ...", warmUp);
      for (int i = 1; i <= warmUp; i++) {
        runTask(system, "Warm-up task " + i);
      }
      log("measuring %d tasks, one at a time ...", tasks);
      List<BenchSystem.Accepted> measured = new ArrayList<>();
      Map<Integer, Instant> prOpened = new HashMap<>();
      for (int i = 1; i <= tasks; i++) {
        BenchSystem.Accepted accepted = runTask(system, "Measured task " + i);
        measured.add(accepted);
        prOpened.put(accepted.issue(), system.pullRequestOpened(accepted.issue()).orElseThrow());
      }
      report(measured, system.agentStarts(), prOpened, events.events());
    }
  }

  /** Triggers a task and waits until its pull request is open. */
  private static BenchSystem.Accepted runTask(BenchSystem system, String title)
      throws InterruptedException {
    FakeIssue issue = system.openIssue(title, "Add a line to the README.");
    BenchSystem.Accepted accepted = system.trigger(issue);
    long deadline = System.nanoTime() + TASK_TIMEOUT.toNanos();
    while (system.pullRequestOpened(issue.number()).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "no pull request for issue #"
                + issue.number()
                + " after "
                + TASK_TIMEOUT.toSeconds()
                + " s; see the services' logs");
      }
      Thread.sleep(2);
    }
    return accepted;
  }

  private void report(
      List<BenchSystem.Accepted> measured,
      Map<Integer, Instant> agentStarts,
      Map<Integer, Instant> prOpened,
      List<TaskEventLog.Event> events) {
    Map<String, List<Double>> stages = new java.util.LinkedHashMap<>();
    List<String> stageNames =
        List.of(
            "202 → TaskStarted (queue, consumer)",
            "TaskStarted → agent started (workspace: fetch, tree)",
            "agent started → TaskCompleted (agent, commit, push)",
            "TaskCompleted → pull request opened (notifier)");
    stageNames.forEach(name -> stages.put(name, new ArrayList<>()));
    List<Double> toAgent = new ArrayList<>();
    List<Double> toPullRequest = new ArrayList<>();
    for (BenchSystem.Accepted accepted : measured) {
      int issue = accepted.issue();
      Instant agent = agentStarts.get(issue);
      Instant pull = prOpened.get(issue);
      toAgent.add(millis(accepted.at(), agent));
      toPullRequest.add(millis(accepted.at(), pull));
      Optional<Instant> started = first(events, "TaskStarted", issue);
      Optional<Instant> completed = first(events, "TaskCompleted", issue);
      if (started.isPresent() && completed.isPresent()) {
        stages.get(stageNames.get(0)).add(millis(accepted.at(), started.get()));
        stages.get(stageNames.get(1)).add(millis(started.get(), agent));
        stages.get(stageNames.get(2)).add(millis(agent, completed.get()));
        stages.get(stageNames.get(3)).add(millis(completed.get(), pull));
      }
    }
    StringBuilder table =
        new StringBuilder()
            .append(
                "| from the webhook's 202 to … | tasks | p50 | p99 | max | min | goal (p50) |\n")
            .append("|---|---:|---:|---:|---:|---:|---|\n");
    row(table, "**agent process started**", toAgent, 300);
    row(table, "**pull request opened**", toPullRequest, 1500);
    StringBuilder breakdown =
        new StringBuilder()
            .append("| stage (from the task events' times) | p50 | p99 | max |\n")
            .append("|---|---:|---:|---:|\n");
    stages.forEach(
        (name, values) ->
            breakdown.append(
                String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s |\n",
                    name,
                    Stats.millis(Stats.median(values)),
                    Stats.millis(Stats.percentile(values, 99)),
                    Stats.millis(Stats.max(values)))));
    String notes =
        "Tasks run one at a time; the first tasks (warm-up: the mirror clone, the JIT)"
            + " are not counted. The agent is the stub, which starts, writes one file and exits."
            + " Percentiles by nearest rank: with 50 tasks, p99 is the slowest.\n"
            + "Stage times come from the events' `occurredAt` (the services' clocks, millisecond"
            + " precision); the end-to-end figures from the bench's clock, the stub's own start"
            + " reading and the fake GitHub's record of the pull request, all on this machine. The"
            + " 202 is taken when the bench received it: the worker may pick the task up before the"
            + " answer arrives, so a stage (or the fastest task) can come out below zero.\n";
    String raw =
        "to_agent_ms="
            + Stats.list(toAgent)
            + "\nto_pull_request_ms="
            + Stats.list(toPullRequest)
            + "\n";
    System.out.println();
    System.out.print(table);
    System.out.println();
    System.out.print(breakdown);
    arguments.writeReport(table + "\n" + breakdown + "\n" + notes, raw);
  }

  private static Optional<Instant> first(List<TaskEventLog.Event> events, String type, int issue) {
    return events.stream()
        .filter(e -> e.type().equals(type) && e.issue() == issue)
        .map(TaskEventLog.Event::occurredAt)
        .findFirst();
  }

  private static void row(StringBuilder table, String name, List<Double> values, double goal) {
    double p50 = Stats.median(values);
    table.append(
        String.format(
            Locale.ROOT,
            "| %s | %d | %s | %s | %s | %s | < %s: %s |\n",
            name,
            values.size(),
            Stats.millis(p50),
            Stats.millis(Stats.percentile(values, 99)),
            Stats.millis(Stats.max(values)),
            Stats.millis(Stats.min(values)),
            Stats.millis(goal),
            p50 < goal ? "**met**" : "**missed**"));
  }

  private static double millis(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e6;
  }

  private static void log(String format, Object... values) {
    System.err.println("pipeline: " + String.format(Locale.ROOT, format, values));
  }
}
