package dev.kaka.bench.scaling;

import dev.kaka.bench.system.Arguments;
import dev.kaka.bench.system.BenchSystem;
import dev.kaka.bench.system.Stats;
import dev.kaka.bench.system.TaskEventLog;
import dev.kaka.common.Topics;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.testkit.github.FakeIssue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.utils.Utils;

/**
 * Worker scaling: the same batch of tasks, each with an agent that sleeps, run by 1, 2 and 4 worker
 * JVMs (one consumer thread each) on the topic's partitions; throughput and its ratio to linear.
 * Then a batch during which a worker joins, counted on the topics: every task must start and
 * complete exactly once.
 *
 * <p>The tasks' issues are picked so that each partition gets the same number of tasks: with
 * Kafka's key hashing left to chance, 40 keys over 4 partitions are rarely even, and the busiest
 * partition, not the workers, would set the time.
 */
public final class WorkerScalingBench {

  private static final String GROUP = "kaka-worker";
  private static final Duration BATCH_TIMEOUT = Duration.ofMinutes(15);

  private final Arguments arguments;

  private WorkerScalingBench(Arguments arguments) {
    this.arguments = arguments;
  }

  public static void main(String[] args) throws Exception {
    java.util.logging.Logger.getLogger("org.apache").setLevel(java.util.logging.Level.OFF);
    new WorkerScalingBench(Arguments.parse(args)).run();
    System.exit(0);
  }

  private void run() throws Exception {
    int tasks = arguments.integer("tasks", 40);
    int agentSeconds = arguments.integer("agent-seconds", 2);
    int warmUpPerPartition = arguments.integer("warm-up", 2);
    List<Integer> counts = arguments.integers("workers", List.of(1, 2, 4));
    if (!counts.contains(1) || !counts.contains(2)) {
      // 1 is the baseline of the ratios; at 2 a third worker joins mid-run
      throw new IllegalArgumentException("--workers must include 1 and 2, got " + counts);
    }
    // one task at a time per worker JVM: what scales is the number of workers
    Map<String, String> worker = Map.of("kaka.worker.concurrency", "1");
    try (BenchSystem system =
            BenchSystem.start(arguments.path("work"), worker, line -> log("%s", line));
        TaskEventLog events =
            TaskEventLog.follow(system.kafkaBootstrapServers(), Topics.TASK_EVENTS);
        Admin admin = admin(system.kafkaBootstrapServers())) {
      awaitGroup(admin, 1);
      int partitions =
          admin
              .describeTopics(List.of(Topics.ISSUE_TRIGGERED))
              .allTopicNames()
              .get()
              .get(Topics.ISSUE_TRIGGERED)
              .partitions()
              .size();
      Map<Integer, Batch> batches = new TreeMap<>();
      int workers = 1;
      Batch rebalanced = null;
      for (int count : counts) {
        while (workers < count) {
          system.addWorker();
          workers++;
        }
        awaitGroup(admin, workers);
        warmUp(system, events, warmUpPerPartition * partitions, partitions);
        log("%d worker(s): %d tasks ...", workers, tasks);
        batches.put(workers, runBatch(system, events, tasks, agentSeconds, partitions, null));
        if (count == 2) {
          warmUp(system, events, warmUpPerPartition * partitions, partitions);
          log("2 workers, and a third joins mid-run: %d tasks ...", tasks);
          rebalanced =
              runBatch(system, events, tasks, agentSeconds, partitions, () -> system.addWorker());
          workers++;
        }
      }
      report(batches, rebalanced, tasks, agentSeconds, partitions, warmUpPerPartition);
    }
  }

  /**
   * {@code tasks} quick tasks, spread over the partitions, untimed: the first clone of the
   * repository, and the JIT of every worker JVM, new ones included, happen here and not in a
   * measured batch.
   */
  private void warmUp(BenchSystem system, TaskEventLog events, int tasks, int partitions)
      throws Exception {
    if (tasks == 0) {
      return;
    }
    log("warming up ...");
    runBatch(system, events, tasks, 0, partitions, null);
  }

  /**
   * Sends {@code tasks} webhooks at once (spread evenly over the partitions), and waits until all
   * completed; {@code midRun}, if given, runs once the first task completed.
   */
  private Batch runBatch(
      BenchSystem system,
      TaskEventLog events,
      int tasks,
      int agentSeconds,
      int partitions,
      Runnable midRun)
      throws Exception {
    List<FakeIssue> issues = openBalancedIssues(system, tasks, agentSeconds, partitions);
    Map<Integer, FakeIssue> byNumber =
        issues.stream().collect(Collectors.toMap(FakeIssue::number, Function.identity()));
    Instant start = Instant.now();
    ExecutorService senders = Executors.newFixedThreadPool(4);
    try {
      List<Future<BenchSystem.Accepted>> sent = new ArrayList<>();
      for (FakeIssue issue : issues) {
        sent.add(senders.submit(() -> system.trigger(issue)));
      }
      for (Future<BenchSystem.Accepted> accepted : sent) {
        accepted.get();
      }
    } finally {
      senders.shutdown();
    }
    boolean ranMidRun = midRun == null;
    long deadline = System.nanoTime() + BATCH_TIMEOUT.toNanos();
    while (true) {
      List<TaskEventLog.Event> done = ofIssues(events.events("TaskCompleted"), byNumber.keySet());
      if (!ranMidRun && !done.isEmpty()) {
        midRun.run();
        ranMidRun = true;
      }
      if (done.size() >= tasks && ranMidRun) {
        Instant end =
            done.stream().map(TaskEventLog.Event::occurredAt).max(Instant::compareTo).orElseThrow();
        List<TaskEventLog.Event> all = ofIssues(events.events(), byNumber.keySet());
        Map<Integer, Instant> agentStarts = new java.util.HashMap<>(system.agentStarts());
        agentStarts.keySet().retainAll(byNumber.keySet());
        return new Batch(start, end, tasks, all, agentStarts, agentSeconds);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            done.size()
                + " of "
                + tasks
                + " tasks completed after "
                + BATCH_TIMEOUT.toMinutes()
                + " min");
      }
      Thread.sleep(50);
    }
  }

  /** Opens issues until each partition has its share of {@code tasks}. */
  private List<FakeIssue> openBalancedIssues(
      BenchSystem system, int tasks, int agentSeconds, int partitions) {
    String body = agentSeconds > 0 ? "Sleep first: kaka-stub:slow=" + agentSeconds : "Quick.";
    int[] perPartition = new int[partitions];
    List<FakeIssue> issues = new ArrayList<>();
    while (issues.size() < tasks) {
      // the fake numbers issues (and pull requests) itself; an issue not needed stays unused
      FakeIssue issue = system.openIssue("Scaling task", body);
      int partition = partitionOf(issue.number(), partitions);
      if (perPartition[partition] < (tasks + partitions - 1 - partition) / partitions) {
        perPartition[partition]++;
        issues.add(issue);
      }
    }
    return issues;
  }

  /** The partition Kafka's default partitioner picks for the task's key. */
  private static int partitionOf(int issue, int partitions) {
    String key =
        TaskEvent.partitionKey(
            new RepositoryRef(BenchSystem.OWNER, BenchSystem.NAME, "https://x/", "main"), issue);
    return Utils.toPositive(Utils.murmur2(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        % partitions;
  }

  private static List<TaskEventLog.Event> ofIssues(
      List<TaskEventLog.Event> events, Collection<Integer> issues) {
    return events.stream().filter(event -> issues.contains(event.issue())).toList();
  }

  /** Waits until the worker group is stable with {@code members} members, each with partitions. */
  private static void awaitGroup(Admin admin, int members) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      ConsumerGroupDescription group =
          admin.describeConsumerGroups(List.of(GROUP)).describedGroups().get(GROUP).get();
      // only the listeners of the main topic: the retry topics' may share the group
      List<MemberDescription> consuming =
          group.members().stream()
              .filter(
                  member ->
                      member.assignment().topicPartitions().stream()
                          .anyMatch(partition -> partition.topic().equals(Topics.ISSUE_TRIGGERED)))
              .toList();
      if (group.groupState() == GroupState.STABLE && consuming.size() == members) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the worker group did not settle with " + members + " members");
  }

  private void report(
      Map<Integer, Batch> batches,
      Batch rebalanced,
      int tasks,
      int agentSeconds,
      int partitions,
      int warmUpPerPartition) {
    double single = batches.get(1).perMinute();
    StringBuilder table =
        new StringBuilder()
            .append("| worker JVMs | tasks | wall time | tasks/min | ratio to linear | goal |\n")
            .append("|---:|---:|---:|---:|---:|---|\n");
    batches.forEach(
        (workers, batch) -> {
          double ratio = batch.perMinute() / (workers * single);
          table.append(
              String.format(
                  Locale.ROOT,
                  "| %d | %d | %.1f s | %.1f | %.2f | %s |\n",
                  workers,
                  tasks,
                  batch.seconds(),
                  batch.perMinute(),
                  ratio,
                  workers == 1
                      ? "(baseline)"
                      : ratio >= 0.9 ? "≥ 0.9: **met**" : "≥ 0.9: **missed**"));
        });
    StringBuilder checks =
        new StringBuilder(
            "| batch | TaskStarted per task | TaskCompleted per task"
                + " | other events | tasks per worker |\n|---|---|---|---|---|\n");
    Map<String, Batch> named = new LinkedHashMap<>();
    batches.forEach((workers, batch) -> named.put(workers + " worker(s)", batch));
    named.put("2 workers + 1 joining mid-run", rebalanced);
    named.forEach(
        (name, batch) ->
            checks.append(
                String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s |\n",
                    name,
                    batch.perTask("TaskStarted"),
                    batch.perTask("TaskCompleted"),
                    batch.others(),
                    batch.perWorker())));
    StringBuilder overheads =
        new StringBuilder(
            "| batch | TaskStarted → agent started"
                + " (workspace) | agent done → TaskCompleted (commit, push) | TaskCompleted → the"
                + " worker's next TaskStarted |\n|---|---:|---:|---:|\n");
    named.forEach(
        (name, batch) -> {
          List<List<Double>> stages = batch.overheads();
          overheads.append(
              String.format(
                  Locale.ROOT,
                  "| %s | %s | %s | %s |\n",
                  name,
                  spread(stages.get(0)),
                  spread(stages.get(1)),
                  spread(stages.get(2))));
        });
    boolean exactlyOnce = named.values().stream().allMatch(Batch::exactlyOnce);
    String verdict =
        exactlyOnce
            ? "Every task of every batch started and completed exactly once, including while a worker"
                + " joined (no task lost or repeated)."
            : "**Some task started or completed other than once: see the table.**";
    String notes =
        String.format(
            Locale.ROOT,
            "Each task's agent is the stub sleeping %d s; each"
                + " worker JVM runs one task at a time (`kaka.worker.concurrency=1`) on a topic of %d"
                + " partitions, and each partition gets %d of the %d tasks. Wall time: from sending the"
                + " first webhook to the last `TaskCompleted`. Before each batch, untimed quick tasks"
                + " (%d a partition) warm every worker JVM, new ones included. In the mid-run batch,"
                + " the third worker is started when the batch's first task completes, and takes tasks"
                + " once the group has rebalanced. A ratio above 1 means the single worker's batch met a"
                + " busier machine (see its overheads). Worker JVMs: `-XX:TieredStopAtLevel=1"
                + " -XX:+UseSerialGC -Xss512k -Xmx512m` (the local launcher's flags), beside the broker,"
                + " ingress and notifier on the same 2 cores.\n",
            agentSeconds,
            partitions,
            tasks / partitions,
            tasks,
            warmUpPerPartition);
    StringBuilder raw = new StringBuilder();
    named.forEach(
        (name, batch) ->
            raw.append(name)
                .append(": seconds=")
                .append(String.format(Locale.ROOT, "%.3f", batch.seconds()))
                .append(" per_worker=")
                .append(batch.perWorker())
                .append(" first_start_s=")
                .append(String.format(Locale.ROOT, "%.3f", batch.firstStart()))
                .append(" worker_last_completion_s=")
                .append(batch.lastCompletions())
                .append('\n'));
    System.out.println();
    System.out.print(table);
    System.out.println();
    System.out.print(checks);
    System.out.println(verdict);
    System.out.println();
    System.out.print(overheads);
    arguments.writeReport(
        table
            + "\n"
            + checks
            + "\n"
            + verdict
            + "\n\nWhere a worker's time"
            + " goes besides the agent (per task, from the events' and the stub's clocks):\n\n"
            + overheads
            + "\n"
            + notes,
        raw.toString());
  }

  /** {@code mean 84 ms (p50 80 ms, max 310 ms)}: the mean is what throughput pays. */
  private static String spread(List<Double> values) {
    return String.format(
        Locale.ROOT,
        "mean %s (p50 %s, max %s)",
        Stats.millis(Stats.mean(values)),
        Stats.millis(Stats.median(values)),
        Stats.millis(Stats.max(values)));
  }

  /** One batch of tasks and the events they caused. */
  private record Batch(
      Instant start,
      Instant end,
      int tasks,
      List<TaskEventLog.Event> events,
      Map<Integer, Instant> agentStarts,
      int agentSeconds) {

    /**
     * Where a worker's time goes besides the agent's sleep, each task's figure: from {@code
     * TaskStarted} to the agent's start (workspace), from the agent's end to {@code TaskCompleted}
     * (commit, push, events), and from a worker's {@code TaskCompleted} to its next {@code
     * TaskStarted} (offset commit, poll).
     */
    List<List<Double>> overheads() {
      Map<String, TaskEventLog.Event> started = byTask("TaskStarted");
      Map<String, TaskEventLog.Event> completed = byTask("TaskCompleted");
      List<Double> workspace = new ArrayList<>();
      List<Double> afterAgent = new ArrayList<>();
      for (TaskEventLog.Event start : started.values()) {
        Instant agent = agentStarts.get(start.issue());
        TaskEventLog.Event done = completed.get(start.taskId());
        if (agent != null && done != null) {
          workspace.add(millis(start.occurredAt(), agent));
          afterAgent.add(millis(agent.plusSeconds(agentSeconds), done.occurredAt()));
        }
      }
      List<Double> between = new ArrayList<>();
      Map<String, List<TaskEventLog.Event>> byWorker =
          started.values().stream().collect(Collectors.groupingBy(TaskEventLog.Event::worker));
      for (List<TaskEventLog.Event> mine : byWorker.values()) {
        List<TaskEventLog.Event> ordered =
            mine.stream()
                .sorted(java.util.Comparator.comparing(TaskEventLog.Event::occurredAt))
                .toList();
        for (int i = 1; i < ordered.size(); i++) {
          TaskEventLog.Event previous = completed.get(ordered.get(i - 1).taskId());
          if (previous != null) {
            between.add(millis(previous.occurredAt(), ordered.get(i).occurredAt()));
          }
        }
      }
      return List.of(workspace, afterAgent, between);
    }

    private Map<String, TaskEventLog.Event> byTask(String type) {
      return events.stream()
          .filter(e -> e.type().equals(type))
          .collect(
              Collectors.toMap(
                  TaskEventLog.Event::taskId, Function.identity(), (first, second) -> first));
    }

    private static double millis(Instant from, Instant to) {
      return Duration.between(from, to).toNanos() / 1e6;
    }

    double seconds() {
      return Duration.between(start, end).toMillis() / 1000.0;
    }

    double perMinute() {
      return tasks * 60 / seconds();
    }

    /** How many tasks had how many events of the type: {@code 40 × 1}. */
    String perTask(String type) {
      Map<String, Long> counts =
          events.stream()
              .filter(e -> e.type().equals(type))
              .collect(Collectors.groupingBy(TaskEventLog.Event::taskId, Collectors.counting()));
      Map<Long, Long> histogram =
          counts.values().stream()
              .collect(
                  Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
      long missing = tasks - counts.size();
      String text =
          histogram.entrySet().stream()
              .map(entry -> entry.getValue() + " × " + entry.getKey())
              .collect(Collectors.joining(", "));
      return missing > 0 ? text + ", " + missing + " × 0" : text;
    }

    boolean exactlyOnce() {
      return perTask("TaskStarted").equals(tasks + " × 1")
          && perTask("TaskCompleted").equals(tasks + " × 1");
    }

    String others() {
      Map<String, Long> others =
          events.stream()
              .filter(e -> !e.type().equals("TaskStarted") && !e.type().equals("TaskCompleted"))
              .collect(
                  Collectors.groupingBy(
                      TaskEventLog.Event::type, TreeMap::new, Collectors.counting()));
      return others.isEmpty() ? "none" : others.toString();
    }

    /** Seconds from the batch's start to its first {@code TaskStarted}. */
    double firstStart() {
      return events.stream()
          .filter(e -> e.type().equals("TaskStarted"))
          .map(e -> millis(start, e.occurredAt()) / 1000)
          .min(Double::compare)
          .orElse(Double.NaN);
    }

    /** Per worker, seconds from the batch's start to its last {@code TaskCompleted}. */
    String lastCompletions() {
      Map<String, String> workerOf =
          byTask("TaskStarted").values().stream()
              .collect(Collectors.toMap(TaskEventLog.Event::taskId, TaskEventLog.Event::worker));
      return events.stream()
          .filter(e -> e.type().equals("TaskCompleted"))
          .collect(
              Collectors.groupingBy(
                  e -> workerOf.getOrDefault(e.taskId(), "?"),
                  TreeMap::new,
                  Collectors.mapping(
                      e -> millis(start, e.occurredAt()) / 1000,
                      Collectors.maxBy(Double::compare))))
          .values()
          .stream()
          .map(last -> String.format(Locale.ROOT, "%.1f", last.orElse(Double.NaN)))
          .collect(Collectors.joining(", ", "[", "]"));
    }

    String perWorker() {
      return events.stream()
          .filter(e -> e.type().equals("TaskStarted"))
          .collect(
              Collectors.groupingBy(
                  TaskEventLog.Event::worker, TreeMap::new, Collectors.counting()))
          .values()
          .toString();
    }
  }

  private static Admin admin(String bootstrapServers) {
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return Admin.create(config);
  }

  private static void log(String format, Object... values) {
    System.err.println("worker-scaling: " + String.format(Locale.ROOT, format, values));
  }
}
