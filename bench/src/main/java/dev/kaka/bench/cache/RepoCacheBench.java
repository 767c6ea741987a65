package dev.kaka.bench.cache;

import dev.kaka.bench.system.Arguments;
import dev.kaka.bench.system.SandboxedAgent;
import dev.kaka.bench.system.Stats;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.testkit.github.FakeGitHub;
import dev.kaka.testkit.github.FakeRepository;
import dev.kaka.worker.agent.sandbox.BubblewrapSandbox;
import dev.kaka.worker.agent.sandbox.RunContext;
import dev.kaka.worker.git.GitCredentials;
import dev.kaka.worker.git.GitProperties;
import dev.kaka.worker.git.GitProperties.MirrorHistory;
import dev.kaka.worker.git.GitWorkspaces;
import dev.kaka.worker.git.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Repository cache: how long the worker's own {@link GitWorkspaces} takes to give a task its
 * workspace on a large repository served over smart HTTP by the fake GitHub. Cold is a worker's
 * first task on the repository (mirror clone and a checkout); warm is a later task after the remote
 * moved on (mirror fetch and a fresh branch), once with a working tree checked out from scratch and
 * once reusing a finished task's tree. Between warm tasks, a simulated agent edits, adds and leaves
 * files, and its change is committed and pushed, as a real task does. Then, on a huge repository, a
 * task's cold start up to its agent in the sandbox against the git CLI's shallow clone.
 */
public final class RepoCacheBench {

  private static final String TOKEN = "bench-token";
  private static final String OWNER = "bench";
  private static final String NAME = "large";
  private static final String HUGE = "huge";
  private static final PersonIdent AUTHOR = new PersonIdent("Kaka", "kaka@example.com");

  /**
   * A warm start's goal, as a share of the cold one; docs/benchmarks.md says why it is not 10 % any
   * more.
   */
  private static final double WARM_GOAL = 0.20;

  private final Arguments arguments;
  private final Path work;
  private final ExecutorService fills = Executors.newSingleThreadExecutor();
  private int taskNumber;

  private RepoCacheBench(Arguments arguments) {
    this.arguments = arguments;
    this.work = arguments.path("work");
  }

  public static void main(String[] args) throws Exception {
    RepoCacheBench bench = new RepoCacheBench(Arguments.parse(args));
    try {
      bench.run();
    } finally {
      bench.fills.shutdownNow();
    }
  }

  private void run() throws IOException {
    int files = arguments.integer("files", 20_000);
    int commits = arguments.integer("commits", 2_000);
    int coldRuns = arguments.integer("cold-runs", 3);
    int warmRuns = arguments.integer("warm-runs", 7);
    log("generating a repository of %,d files and %,d commits ...", files, commits);
    long generating = System.nanoTime();
    SyntheticRepository synthetic =
        SyntheticRepository.create(work.resolve("synthetic.git"), files, commits);
    log("generated in %.1f s", seconds(System.nanoTime() - generating));
    long packBytes = sizeOf(synthetic.gitDirectory().resolve("objects/pack"));
    try (FakeGitHub github = FakeGitHub.start(work.resolve("github"), TOKEN)) {
      warmUp(github);
      FakeRepository served =
          github.adoptRepository(OWNER, NAME, SyntheticRepository.BRANCH, synthetic.gitDirectory());
      SyntheticRepository remote =
          synthetic.movedTo(
              work.resolve("github/repositories").resolve(OWNER).resolve(NAME + ".git"));
      RepositoryRef repository =
          new RepositoryRef(OWNER, NAME, served.cloneUrl(), SyntheticRepository.BRANCH);

      List<Double> cold = new ArrayList<>();
      GitWorkspaces reusing = null;
      Path cache = null;
      for (int run = 1; run <= coldRuns; run++) {
        cache = work.resolve("cold-" + run + "/cache");
        reusing = workspaces(github, cache, work.resolve("cold-" + run + "/workspaces"), 4);
        cold.add(timeTask(reusing, repository, "cold"));
      }
      GitWorkspaces fresh = workspaces(github, cache, work.resolve("fresh/workspaces"), 0);
      List<Double> warmFresh = new ArrayList<>();
      List<Double> warmReused = new ArrayList<>();
      for (int run = 1; run <= warmRuns; run++) {
        remote.advance("Upstream change " + run + "a");
        warmFresh.add(timeTask(fresh, repository, "warm, fresh tree"));
        remote.advance("Upstream change " + run + "b");
        warmReused.add(timeTask(reusing, repository, "warm, reused tree"));
      }
      Section large = report(files, commits, packBytes, cold, warmFresh, warmReused);
      Section huge = hugeRepository(github);
      arguments.writeReport(large.markdown() + "\n" + huge.markdown(), large.raw() + huge.raw());
    }
  }

  /** A part of the report: its markdown, and its raw figures. */
  private record Section(String markdown, String raw) {

    /** The section of a table with its verdict, both printed. */
    static Section printed(
        String repository, CharSequence table, String verdict, String notes, String raw) {
      System.out.println();
      System.out.print(table);
      System.out.println();
      System.out.println(verdict);
      return new Section(repository + "\n\n" + table + "\n" + verdict + "\n\n" + notes, raw);
    }
  }

  /** When a task's agent started, and when the mirror's history was filled after that. */
  private record TaskStart(double millis, double filledAfterMillis) {}

  /**
   * The huge repository's rows: a task's cold start (a new cache: a shallow fetch and a checkout,
   * then the agent's start in the sandbox) against {@code git clone --depth 1 --single-branch} of
   * the same repository from the same server, alternating; then warm starts on the mirror once its
   * history was filled in.
   */
  private Section hugeRepository(FakeGitHub github) throws IOException {
    int files = arguments.integer("huge-files", 100_000);
    int commits = arguments.integer("huge-commits", 20_000);
    int coldRuns = arguments.integer("huge-cold-runs", 2);
    int warmRuns = arguments.integer("huge-warm-runs", 3);
    log("huge repository: %,d files and %,d commits ...", files, commits);
    long generating = System.nanoTime();
    SyntheticRepository synthetic =
        SyntheticRepository.cached(
            arguments.path("synthetic-cache"), work.resolve("huge.git"), files, commits);
    log("ready in %.1f s", seconds(System.nanoTime() - generating));
    long packBytes = sizeOf(synthetic.gitDirectory().resolve("objects/pack"));
    FakeRepository served =
        github.adoptRepository(OWNER, HUGE, SyntheticRepository.BRANCH, synthetic.gitDirectory());
    SyntheticRepository remote =
        synthetic.movedTo(
            work.resolve("github/repositories")
                .resolve(OWNER)
                .resolve(HUGE + Constants.DOT_GIT_EXT));
    RepositoryRef repository =
        new RepositoryRef(OWNER, HUGE, served.cloneUrl(), SyntheticRepository.BRANCH);
    Path runs = work.resolve("huge-runs");
    // hidden from the agent as the worker hides its cache and workspaces; the mirror's objects
    // are shown read-only per run
    BubblewrapSandbox sandbox = SandboxedAgent.sandbox(work.resolve("sandbox"), List.of(runs));
    List<Double> cli = new ArrayList<>();
    List<Double> cold = new ArrayList<>();
    List<Double> fill = new ArrayList<>();
    GitWorkspaces last = null;
    for (int run = 1; run <= coldRuns; run++) {
      cli.add(timeShallowClone(served.cloneUrl(), runs.resolve("cli-" + run)));
      Path dir = runs.resolve("cold-" + run);
      // up to the agent's start both settings do the same; only the last run's mirror is filled,
      // for the warm runs, which keeps the bench's time down
      MirrorHistory history = run < coldRuns ? MirrorHistory.SHALLOW : MirrorHistory.FULL;
      last = workspaces(github, dir.resolve("cache"), dir.resolve("workspaces"), 4, history);
      TaskStart start = timeTaskStart(last, repository, sandbox, "huge cold");
      cold.add(start.millis());
      if (history == MirrorHistory.FULL) {
        fill.add(start.filledAfterMillis());
      }
    }
    List<Double> warm = new ArrayList<>();
    for (int run = 1; run <= warmRuns; run++) {
      remote.advance("Upstream change to the huge repository " + run);
      warm.add(timeTaskStart(last, repository, sandbox, "huge warm").millis());
    }
    return hugeReport(files, commits, packBytes, cli, cold, fill, warm);
  }

  /**
   * The git CLI's shallow clone, with the token in a header as a credential helper would send it.
   */
  private double timeShallowClone(String url, Path directory) {
    String basic =
        Base64.getEncoder()
            .encodeToString(("x-access-token:" + TOKEN).getBytes(StandardCharsets.UTF_8));
    List<String> command =
        List.of(
            "git",
            "-c",
            "http.extraHeader=Authorization: Basic " + basic,
            "clone",
            "--quiet",
            "--depth",
            "1",
            "--single-branch",
            url,
            directory.toString());
    long start = System.nanoTime();
    try {
      Process process = new ProcessBuilder(command).inheritIO().start();
      if (process.waitFor() != 0) {
        throw new IllegalStateException("git clone --depth 1 failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    double millis = (System.nanoTime() - start) / 1e6;
    log("%-18s %8.0f ms", "git clone --depth 1", millis);
    return millis;
  }

  /**
   * Times a task's start: its workspace, then the agent in the sandbox until its first line. Then
   * waits for the mirror's background fill, if any, and does the task's work and push, untimed.
   */
  private TaskStart timeTaskStart(
      GitWorkspaces workspaces, RepositoryRef repository, BubblewrapSandbox sandbox, String kind) {
    String branch = "kaka/issue-" + ++taskNumber + "-bench";
    long start = System.nanoTime();
    try (Workspace workspace = workspaces.create(repository, branch)) {
      long agentStarted =
          SandboxedAgent.start(
              sandbox,
              workspace.directory(),
              new RunContext(
                  List.of(workspace.borrowedObjects()),
                  List.of(),
                  null,
                  List.of(),
                  Duration.ofMinutes(1)));
      double millis = (agentStarted - start) / 1e6;
      log("%-18s %8.0f ms", kind, millis);
      awaitFills();
      double filled = (System.nanoTime() - agentStarted) / 1e6;
      log("%-18s %8.0f ms after the agent started", "history filled", filled);
      simulateAgent(workspace.directory(), taskNumber);
      workspace.commitAll("Bench task " + taskNumber, AUTHOR);
      workspace.push(branch);
      return new TaskStart(millis, filled);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs every path once on a small repository, untimed, so that the first measured figures do not
   * include the JIT compiling JGit.
   */
  private void warmUp(FakeGitHub github) {
    log("warming up on a repository of 1,000 files ...");
    SyntheticRepository small = SyntheticRepository.create(work.resolve("warm-up.git"), 1_000, 50);
    FakeRepository served =
        github.adoptRepository(OWNER, "warm-up", SyntheticRepository.BRANCH, small.gitDirectory());
    SyntheticRepository remote =
        small.movedTo(work.resolve("github/repositories").resolve(OWNER).resolve("warm-up.git"));
    RepositoryRef repository =
        new RepositoryRef(OWNER, "warm-up", served.cloneUrl(), SyntheticRepository.BRANCH);
    Path cache = work.resolve("warm-up/cache");
    GitWorkspaces reusing = workspaces(github, cache, work.resolve("warm-up/reusing"), 4);
    GitWorkspaces fresh = workspaces(github, cache, work.resolve("warm-up/fresh"), 0);
    for (int run = 0; run < 3; run++) {
      remote.advance("Warm-up change " + run);
      timeTask(reusing, repository, "warm-up");
      timeTask(fresh, repository, "warm-up");
    }
    reusing.close();
  }

  /** Times the workspace's creation; then does a task's work in it, untimed, and ends it. */
  private double timeTask(GitWorkspaces workspaces, RepositoryRef repository, String kind) {
    String branch = "kaka/issue-" + ++taskNumber + "-bench";
    long start = System.nanoTime();
    try (Workspace workspace = workspaces.create(repository, branch)) {
      double millis = (System.nanoTime() - start) / 1e6;
      log("%-18s %8.0f ms", kind, millis);
      awaitFills();
      simulateAgent(workspace.directory(), taskNumber);
      workspace.commitAll("Bench task " + taskNumber, AUTHOR);
      workspace.push(branch);
      return millis;
    }
  }

  /** Edits three tracked files, deletes one, adds files, and leaves build output behind. */
  private static void simulateAgent(Path directory, int task) {
    try (Stream<Path> sources = Files.walk(directory.resolve("src"))) {
      List<Path> tracked = sources.filter(Files::isRegularFile).limit(4).toList();
      for (Path file : tracked.subList(0, 3)) {
        Files.writeString(file, "// edited by task " + task + "\n", StandardOpenOption.APPEND);
      }
      Files.delete(tracked.get(3));
      Path added = Files.createDirectories(directory.resolve("src/added-" + task));
      Files.writeString(added.resolve("New.java"), "class New {}\n");
      Path build = Files.createDirectories(directory.resolve("build/classes"));
      Files.writeString(build.resolve("Out.class"), "binary " + task);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Section report(
      int files,
      int commits,
      long packBytes,
      List<Double> cold,
      List<Double> warmFresh,
      List<Double> warmReused)
      throws IOException {
    double coldMedian = Stats.median(cold);
    double warmMedian = Stats.median(warmReused);
    double ratio = warmMedian / coldMedian;
    StringBuilder table =
        new StringBuilder()
            .append("| workspace for a task | runs | median | min | max | of cold (median) |\n")
            .append("|---|---:|---:|---:|---:|---:|\n");
    row(table, "cold: shallow mirror clone + checkout", cold, coldMedian);
    row(table, "warm: fetch + fresh checkout", warmFresh, coldMedian);
    row(table, "**warm: fetch + reused working tree**", warmReused, coldMedian);
    String verdict =
        String.format(
            Locale.ROOT,
            "Goal: warm ≤ %.0f %% of cold. Measured: %.1f %% (%.0f ms of %.0f ms) — %s.",
            100 * WARM_GOAL,
            100 * ratio,
            warmMedian,
            coldMedian,
            ratio <= WARM_GOAL ? "**met**" : "**missed**");
    String repository =
        String.format(
            Locale.ROOT,
            "Repository: %,d files, %,d commits, one pack of %.1f MiB, served over smart HTTP by the"
                + " fake GitHub (JGit's GitServlet in Tomcat) on 127.0.0.1.",
            files,
            commits + 1,
            packBytes / 1048576.0);
    String raw =
        "cold_ms="
            + Stats.list(cold)
            + "\nwarm_fresh_ms="
            + Stats.list(warmFresh)
            + "\nwarm_reused_ms="
            + Stats.list(warmReused)
            + "\n";
    String notes =
        "Cold: a new cache and workspace directory per run, so the mirror is cloned (shallow; its"
            + " history is filled in the background after the task started, untimed)."
            + " Warm: the next task's `GitWorkspaces.create` after the remote moved on by one commit;"
            + " between warm tasks a simulated agent edits three files, deletes one, adds a directory"
            + " and build output, and its change is committed and pushed (untimed). *Fresh checkout*"
            + " is `kaka.git.idle-workspaces=0`, every task writing all files (the behaviour before"
            + " trees were reused); *reused working tree* is the default. Fresh and reused tasks"
            + " alternate, on the same mirror. The JIT was warmed first on a repository of 1,000"
            + " files. Writing 20,000 files per task gets slower as a run goes on, on this machine's"
            + " disk (see the fresh checkouts); a reused tree writes only the files that differ.\n";
    return Section.printed(repository, table, verdict, notes, raw);
  }

  private Section hugeReport(
      int files,
      int commits,
      long packBytes,
      List<Double> cli,
      List<Double> cold,
      List<Double> fill,
      List<Double> warm) {
    double cliMedian = Stats.median(cli);
    double coldMedian = Stats.median(cold);
    double warmMedian = Stats.median(warm);
    StringBuilder table =
        new StringBuilder()
            .append(
                "| huge repository | runs | median | min | max | of the CLI's clone (median) |\n")
            .append("|---|---:|---:|---:|---:|---:|\n");
    row(table, "`git clone --depth 1 --single-branch` (git CLI)", cli, cliMedian);
    row(
        table,
        "**Kaka cold: task → agent started (shallow fetch, checkout, sandbox)**",
        cold,
        cliMedian);
    row(table, "Kaka: history filled in the background, after the agent started", fill, cliMedian);
    row(table, "Kaka warm: task → agent started (fetch, reused tree, sandbox)", warm, cliMedian);
    double ratio = coldMedian / cliMedian;
    double warmShare = warmMedian / coldMedian;
    String verdict =
        String.format(
            Locale.ROOT,
            "Goal: Kaka's cold start ≤ 1.2× the CLI's shallow clone. Measured: %.2f× (%.0f ms against"
                + " %.0f ms) — %s. Goal: warm ≤ %.0f %% of cold. Measured: %.1f %% — %s.",
            ratio,
            coldMedian,
            cliMedian,
            ratio <= 1.2 ? "**met**" : "**missed**",
            100 * WARM_GOAL,
            100 * warmShare,
            warmShare <= WARM_GOAL ? "**met**" : "**missed**");
    String repository =
        String.format(
            Locale.ROOT,
            "Huge repository: %,d files, %,d commits, a pack of %.1f MiB, served by the same fake"
                + " GitHub; the CLI's clone and Kaka's cold start alternate.",
            files,
            commits + 1,
            packBytes / 1048576.0);
    String notes =
        "Kaka cold: a new repository cache per run; from the task's `GitWorkspaces.create` (a"
            + " shallow fetch of the default branch's head into a new mirror, the checkout) to the"
            + " first line of an agent started in the agent sandbox (bubblewrap, the run's proxy,"
            + " socat) with the mirror's objects readable, as the worker starts one. The webhook's"
            + " way to the worker's consumer is not in it: `bench/pipeline.sh` measures it (202 →"
            + " TaskStarted). The git CLI's clone includes its checkout. The last cold run's mirror then"
            + " has its whole history fetched in the background (`kaka.git.mirror-history=full`),"
            + " timed from the agent's start; the others stay shallow, which makes no difference up"
            + " to the agent's start. Warm: later tasks on that filled mirror after the remote moved"
            + " on by a commit, reusing a finished task's tree.\n";
    String raw =
        "huge_cli_shallow_clone_ms="
            + Stats.list(cli)
            + "\nhuge_cold_ms="
            + Stats.list(cold)
            + "\nhuge_fill_after_start_ms="
            + Stats.list(fill)
            + "\nhuge_warm_ms="
            + Stats.list(warm)
            + "\n";
    return Section.printed(repository, table, verdict, notes, raw);
  }

  private static void row(StringBuilder table, String name, List<Double> millis, double cold) {
    table.append(
        String.format(
            Locale.ROOT,
            "| %s | %d | %s | %s | %s | %.1f %% |\n",
            name,
            millis.size(),
            Stats.millis(Stats.median(millis)),
            Stats.millis(Stats.min(millis)),
            Stats.millis(Stats.max(millis)),
            100 * Stats.median(millis) / cold));
  }

  /** Workspaces whose mirrors are filled by {@link #fills}, so that no fill runs while timing. */
  private GitWorkspaces workspaces(FakeGitHub github, Path cache, Path workspaces, int idle) {
    return workspaces(github, cache, workspaces, idle, MirrorHistory.FULL);
  }

  private GitWorkspaces workspaces(
      FakeGitHub github, Path cache, Path workspaces, int idle, MirrorHistory history) {
    return new GitWorkspaces(
        new GitProperties(
            cache,
            workspaces,
            "kaka/",
            Duration.ofMinutes(2),
            new GitProperties.Author("Kaka", "kaka@example.com"),
            idle,
            github.remoteUrlTemplate(),
            history),
        GitCredentials.token(() -> TOKEN),
        fills);
  }

  /** Waits for the mirrors' background fills queued so far. */
  private void awaitFills() {
    try {
      fills.submit(() -> {}).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long sizeOf(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
    }
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static void log(String format, Object... values) {
    System.err.println("repo-cache: " + String.format(Locale.ROOT, format, values));
  }
}
