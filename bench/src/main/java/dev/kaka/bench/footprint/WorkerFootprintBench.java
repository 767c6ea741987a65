package dev.kaka.bench.footprint;

import static dev.kaka.bench.system.BenchSystem.NAME;
import static dev.kaka.bench.system.BenchSystem.OWNER;
import static dev.kaka.bench.system.BenchSystem.TOKEN;

import dev.kaka.bench.system.Arguments;
import dev.kaka.bench.system.BenchSystem;
import dev.kaka.bench.system.TaskEventLog;
import dev.kaka.common.Topics;
import dev.kaka.common.event.IssueRef;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.Trigger;
import dev.kaka.common.event.TriggerKind;
import dev.kaka.testkit.agent.StubAgent;
import dev.kaka.testkit.github.FakeGitHub;
import dev.kaka.testkit.github.FakeIssue;
import dev.kaka.testkit.github.FakeRepository;
import dev.kaka.testkit.kafka.KafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Worker footprint: the resident memory of one worker JVM started as its image starts it (the flags
 * come from the script), idle and while two agents run at once, the agents' own processes not
 * counted. Around it: a real Kafka broker, the fake GitHub with one small repository, and the stub
 * agent, run in the agent sandbox as in production. Tasks are published to {@value
 * Topics#ISSUE_TRIGGERED} as the ingress publishes them, one a partition, so that each of the
 * worker's consumer threads gets its share whichever partitions it was assigned.
 */
public final class WorkerFootprintBench {

  private static final int PARTITIONS = 4;
  private static final int CONCURRENT_AGENTS = 2;
  private static final long GOAL_MIB = 300;
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration TASKS_TIMEOUT = Duration.ofMinutes(3);
  // a JVM just ready or just done still compiles and collects for a moment
  private static final Duration SETTLE = Duration.ofSeconds(3);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Arguments arguments;

  private WorkerFootprintBench(Arguments arguments) {
    this.arguments = arguments;
  }

  public static void main(String[] args) throws Exception {
    java.util.logging.Logger.getLogger("org.apache").setLevel(java.util.logging.Level.OFF);
    new WorkerFootprintBench(Arguments.parse(args)).run();
    System.exit(0);
  }

  private void run() throws Exception {
    Path work = arguments.path("work");
    int warmUp = arguments.integer("warm-up", 8);
    int agentSeconds = arguments.integer("agent-seconds", 10);
    List<String> jvmFlags = arguments.words("jvm-flags");
    try (KafkaBroker broker = KafkaBroker.start(work.resolve("kafka"), 0);
        FakeGitHub github = FakeGitHub.start(work.resolve("github"), TOKEN)) {
      FakeRepository repository =
          github.createRepository(OWNER, NAME, "main", BenchSystem.REPOSITORY_FILES);
      createTriggerTopic(broker.bootstrapServers());
      Path stub = StubAgent.install(work.resolve("bin"));
      List<String> agent = StubAgent.command(stub, work.resolve("agent-starts.tsv"));
      int port = BenchSystem.freePort();
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmFlags);
      command.addAll(
          List.of(
              "-jar",
              arguments.path("jar").toString(),
              "--server.port=" + port,
              "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
              "--kaka.github.api-url=" + github.apiUrl(),
              "--kaka.git.remote-url=" + github.remoteUrlTemplate(),
              "--kaka.git.cache-dir=" + work.resolve("repo-cache"),
              "--kaka.git.workspace-dir=" + work.resolve("workspaces"),
              "--kaka.worker.concurrency=" + CONCURRENT_AGENTS,
              "--kaka.agent.command=" + String.join(",", agent)));
      Path log = work.resolve("worker.log");
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().put("GITHUB_TOKEN", TOKEN);
      log("starting the worker: %s", String.join(" ", jvmFlags));
      Process worker = builder.start();
      try (KafkaProducer<String, String> producer = producer(broker.bootstrapServers())) {
        awaitReady(worker, port, log);
        // read once the worker has declared the topic
        TaskEventLog events = TaskEventLog.follow(broker.bootstrapServers(), Topics.TASK_EVENTS);
        Thread.sleep(SETTLE.toMillis());
        Memory ready = Memory.of(worker.pid());
        log("idle after start: %s; %d warm-up tasks ...", ready.mib(), warmUp);
        List<String> warmUpTasks = new ArrayList<>();
        for (int i = 0; i < warmUp; i++) {
          warmUpTasks.add(publish(producer, github, repository, i % PARTITIONS, "Quick."));
        }
        awaitCompleted(events, warmUpTasks, worker, log);
        Thread.sleep(SETTLE.toMillis());
        Memory idle = Memory.of(worker.pid());
        log("idle after the warm-up: %s; %d agents at once ...", idle.mib(), CONCURRENT_AGENTS);
        List<String> slowTasks = new ArrayList<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
          slowTasks.add(
              publish(
                  producer,
                  github,
                  repository,
                  partition,
                  "Sleep first: " + StubAgent.slow(agentSeconds)));
        }
        long deadline = System.nanoTime() + TASKS_TIMEOUT.toNanos();
        String stubName = stub.getFileName().toString();
        while (runningAgents(worker, stubName) < CONCURRENT_AGENTS) {
          checkAlive(worker, log);
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                CONCURRENT_AGENTS + " agents did not start; see " + log);
          }
          Thread.sleep(20);
        }
        // the two agents sleep for agentSeconds from their start: sample well within that
        List<Memory> busy = new ArrayList<>();
        long sampleUntil = System.nanoTime() + Duration.ofSeconds(agentSeconds).toNanos() * 2 / 3;
        while (System.nanoTime() < sampleUntil) {
          Memory sample = Memory.of(worker.pid());
          if (runningAgents(worker, stubName) == CONCURRENT_AGENTS) {
            busy.add(sample);
          }
          Thread.sleep(100);
        }
        Memory twoAgents =
            busy.stream()
                .max((a, b) -> Long.compare(a.residentKib(), b.residentKib()))
                .orElseThrow(() -> new IllegalStateException("never saw two agents run at once"));
        awaitCompleted(events, slowTasks, worker, log);
        Memory end = Memory.of(worker.pid());
        events.close();
        report(jvmFlags, warmUp, agentSeconds, ready, idle, twoAgents, busy.size(), end);
      } finally {
        stop(worker);
      }
    }
  }

  private void report(
      List<String> jvmFlags,
      int warmUp,
      int agentSeconds,
      Memory ready,
      Memory idle,
      Memory twoAgents,
      int samples,
      Memory end) {
    String table =
        "| worker JVM | resident (VmRSS) | goal |\n|---|---:|---|\n"
            + row("idle, just ready", ready.residentKib())
            + row("idle, after " + warmUp + " tasks", idle.residentKib())
            + row(
                "two agents running (the highest of " + samples + " samples)",
                twoAgents.residentKib())
            + row("peak of the whole run (VmHWM)", end.peakKib());
    String notes =
        String.format(
            Locale.ROOT,
            "The worker from its executable jar with the image's flags (`java %s -jar ...`,"
                + " `kaka.worker.concurrency=%d`); its own process only: the agents and their"
                + " sandboxes (bubblewrap, socat) are processes of their own and not counted. A real"
                + " Kafka broker (KRaft) and the fake GitHub run in the harness's JVM; the stub agent"
                + " runs in the agent sandbox. %d quick tasks first, then %d tasks whose agent sleeps"
                + " %d s, one a partition; the worker's resident memory is sampled every 100 ms while"
                + " two of those agents run.\n",
            String.join(" ", jvmFlags),
            CONCURRENT_AGENTS,
            warmUp,
            PARTITIONS,
            agentSeconds);
    String raw =
        String.format(
            Locale.ROOT,
            "ready_rss_kib=%d idle_rss_kib=%d two_agents_rss_kib=%d peak_rss_kib=%d%n",
            ready.residentKib(),
            idle.residentKib(),
            twoAgents.residentKib(),
            end.peakKib());
    System.out.println();
    System.out.print(table);
    arguments.writeReport(table + "\n" + notes, raw);
  }

  private static String row(String what, long kib) {
    long mib = kib / 1024;
    return String.format(
        Locale.ROOT,
        "| %s | %d MiB | ≤ %d MiB: **%s** |\n",
        what,
        mib,
        GOAL_MIB,
        mib <= GOAL_MIB ? "met" : "missed");
  }

  /** A task for a new issue of the repository, on {@code partition}; returns its id. */
  private static String publish(
      KafkaProducer<String, String> producer,
      FakeGitHub github,
      FakeRepository repository,
      int partition,
      String body)
      throws Exception {
    FakeIssue issue = github.openIssue(OWNER, NAME, "Footprint task", body);
    IssueTriggered event =
        new IssueTriggered(
            TaskEvent.SCHEMA_VERSION,
            UUID.randomUUID().toString(),
            UUID.randomUUID().toString(),
            new RepositoryRef(OWNER, NAME, repository.cloneUrl(), "main"),
            new IssueRef(issue.number(), issue.title(), issue.htmlUrl()),
            issue.body(),
            new Trigger(TriggerKind.LABEL, OWNER, ""),
            1,
            Instant.now());
    producer
        .send(
            new ProducerRecord<>(
                Topics.ISSUE_TRIGGERED,
                partition,
                event.partitionKey(),
                JSON.writerFor(TaskEvent.class).writeValueAsString(event)))
        .get();
    return event.taskId();
  }

  /**
   * How many agents the worker runs now: its child processes (one a run: the sandbox, or the agent
   * itself without one) with the stub among them or their descendants.
   */
  private static long runningAgents(Process worker, String stubName) {
    return worker
        .toHandle()
        .children()
        .filter(
            child ->
                Stream.concat(Stream.of(child), child.descendants())
                    .anyMatch(p -> p.info().commandLine().orElse("").contains(stubName)))
        .count();
  }

  private static void awaitCompleted(
      TaskEventLog events, List<String> tasks, Process worker, Path log) throws Exception {
    long deadline = System.nanoTime() + TASKS_TIMEOUT.toNanos();
    while (true) {
      List<String> done =
          events.events("TaskCompleted").stream().map(TaskEventLog.Event::taskId).toList();
      if (done.containsAll(tasks)) {
        return;
      }
      List<TaskEventLog.Event> failed =
          events.events().stream()
              .filter(e -> tasks.contains(e.taskId()))
              .filter(e -> e.type().equals("TaskFailed"))
              .toList();
      if (!failed.isEmpty()) {
        throw new IllegalStateException("a task failed: " + failed + "; see " + log);
      }
      checkAlive(worker, log);
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "tasks not completed after " + TASKS_TIMEOUT.toMinutes() + " min; see " + log);
      }
      Thread.sleep(50);
    }
  }

  private static void awaitReady(Process worker, int port, Path log) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest readiness =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
            .timeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      checkAlive(worker, log);
      try {
        if (http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the worker did not become ready; see " + log);
  }

  private static void checkAlive(Process worker, Path log) throws IOException {
    if (!worker.isAlive()) {
      List<String> lines = Files.readAllLines(log);
      throw new IllegalStateException(
          "the worker exited with "
              + worker.exitValue()
              + ":\n"
              + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
    }
  }

  private static void stop(Process worker) throws InterruptedException {
    worker.destroy();
    if (!worker.waitFor(40, TimeUnit.SECONDS)) {
      worker.destroyForcibly().waitFor();
    }
  }

  /** The worker's own topics are declared by the worker; this one belongs to the ingress. */
  private static void createTriggerTopic(String bootstrapServers) throws Exception {
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(config)) {
      admin
          .createTopics(List.of(new NewTopic(Topics.ISSUE_TRIGGERED, PARTITIONS, (short) 1)))
          .all()
          .get();
    }
  }

  private static KafkaProducer<String, String> producer(String bootstrapServers) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
  }

  private static void log(String format, Object... values) {
    System.err.println("worker-footprint: " + String.format(Locale.ROOT, format, values));
  }

  /** A process's resident memory now and at its highest so far, from {@code /proc}. */
  private record Memory(long residentKib, long peakKib) {

    static Memory of(long pid) {
      try {
        long resident = 0;
        long peak = 0;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
          if (line.startsWith("VmRSS:")) {
            resident = kib(line);
          } else if (line.startsWith("VmHWM:")) {
            peak = kib(line);
          }
        }
        return new Memory(resident, peak);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static long kib(String line) {
      return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    String mib() {
      return residentKib / 1024 + " MiB";
    }
  }
}
