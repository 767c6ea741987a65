package dev.kaka.bench.cache;

import dev.kaka.bench.system.Arguments;
import dev.kaka.bench.system.Stats;
import dev.kaka.common.event.RepositoryRef;
import dev.kaka.testkit.github.FakeGitHub;
import dev.kaka.testkit.github.FakeRepository;
import dev.kaka.worker.git.GitCredentials;
import dev.kaka.worker.git.GitProperties;
import dev.kaka.worker.git.GitWorkspaces;
import dev.kaka.worker.git.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Repository cache: how long the worker's own {@link GitWorkspaces} takes to give a task its
 * workspace on a large repository served over smart HTTP by the fake GitHub. Cold is a worker's
 * first task on the repository (mirror clone and a checkout); warm is a later task after the remote
 * moved on (mirror fetch and a fresh branch), once with a working tree checked out from scratch and
 * once reusing a finished task's tree. Between warm tasks, a simulated agent edits, adds and leaves
 * files, and its change is committed and pushed, as a real task does.
 */
public final class RepoCacheBench {

  private static final String TOKEN = "bench-token";
  private static final String OWNER = "bench";
  private static final String NAME = "large";
  private static final PersonIdent AUTHOR = new PersonIdent("Kaka", "kaka@example.com");

  private final Arguments arguments;
  private final Path work;
  private int taskNumber;

  private RepoCacheBench(Arguments arguments) {
    this.arguments = arguments;
    this.work = arguments.path("work");
  }

  public static void main(String[] args) throws Exception {
    new RepoCacheBench(Arguments.parse(args)).run();
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
      report(files, commits, packBytes, cold, warmFresh, warmReused);
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

  private void report(
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
    row(table, "cold: mirror clone + checkout", cold, coldMedian);
    row(table, "warm: fetch + fresh checkout", warmFresh, coldMedian);
    row(table, "**warm: fetch + reused working tree**", warmReused, coldMedian);
    String verdict =
        String.format(
            Locale.ROOT,
            "Goal: warm ≤ 10 %% of cold. Measured: %.1f %% (%.0f ms of %.0f ms) — %s.",
            100 * ratio,
            warmMedian,
            coldMedian,
            ratio <= 0.10 ? "**met**" : "**missed**");
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
    System.out.println();
    System.out.print(table);
    System.out.println();
    System.out.println(verdict);
    String notes =
        "Cold: a new cache and workspace directory per run, so the mirror is cloned."
            + " Warm: the next task's `GitWorkspaces.create` after the remote moved on by one commit;"
            + " between warm tasks a simulated agent edits three files, deletes one, adds a directory"
            + " and build output, and its change is committed and pushed (untimed). *Fresh checkout*"
            + " is `kaka.git.idle-workspaces=0`, every task writing all files (the behaviour before"
            + " trees were reused); *reused working tree* is the default. Fresh and reused tasks"
            + " alternate, on the same mirror. The JIT was warmed first on a repository of 1,000"
            + " files. Writing 20,000 files per task gets slower as a run goes on, on this machine's"
            + " disk (see the fresh checkouts); a reused tree writes only the files that differ.\n";
    arguments.writeReport(repository + "\n\n" + table + "\n" + verdict + "\n\n" + notes, raw);
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

  private static GitWorkspaces workspaces(
      FakeGitHub github, Path cache, Path workspaces, int idle) {
    return new GitWorkspaces(
        new GitProperties(
            cache,
            workspaces,
            "kaka/",
            Duration.ofMinutes(2),
            new GitProperties.Author("Kaka", "kaka@example.com"),
            idle,
            github.remoteUrlTemplate()),
        GitCredentials.token(() -> TOKEN));
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
