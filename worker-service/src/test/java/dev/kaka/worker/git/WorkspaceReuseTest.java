package dev.kaka.worker.git;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kaka.common.event.RepositoryRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The working trees of finished tasks, reused by later tasks on the same repository: a reused tree
 * must be indistinguishable from a fresh checkout, whatever the earlier task's agent did in it, and
 * tasks running at the same time must never share one.
 */
class WorkspaceReuseTest {

  private static final String TOKEN = "ghs_TopSecretToken0123456789";
  private static final PersonIdent KAKA = new PersonIdent("Kaka", "kaka@users.noreply.github.com");

  @TempDir Path temp;

  private LocalGitServer server;
  private RepositoryRef repository;
  private Path workspaceDir;
  private GitWorkspaces workspaces;

  @BeforeEach
  void startServer() throws Exception {
    assumeTrue(
        TreeSweep.SUPPORTED && ProcessesInDirectory.SUPPORTED,
        "trees are reused only where ctime and /proc are available (Linux)");
    server = new LocalGitServer(Files.createDirectories(temp.resolve("remote")));
    repository = server.createRepository("octo", "hello");
    workspaceDir = temp.resolve("workspaces");
    workspaces = workspaces(4);
  }

  @AfterEach
  void stopServer() throws Exception {
    if (server != null) {
      workspaces.close();
      server.close();
    }
  }

  @Test
  void aFinishedTreeIsReusedByTheNextTaskOnTheSameRepositoryOnly() throws Exception {
    RepositoryRef other = server.createRepository("octo", "other");
    Path first;
    try (Workspace workspace = workspaces.create(repository, "kaka/issue-1")) {
      first = workspace.directory();
    }
    assertThat(first).as("kept after its task").isDirectory();

    try (Workspace onOther = workspaces.create(other, "kaka/issue-2")) {
      assertThat(onOther.directory()).isNotEqualTo(first);
      assertThat(onOther.directory().resolve("README.md")).hasContent("# other");
    }
    try (Workspace again = workspaces.create(repository, "kaka/issue-3")) {
      assertThat(again.directory()).isEqualTo(first);
      assertThat(again.directory().resolve("README.md")).hasContent("# hello");
    }
  }

  @Test
  void reusedTreeHoldsNothingOfTheEarlierTask() throws Exception {
    Path directory;
    ObjectId agentsCommit;
    try (Workspace earlier = workspaces.create(repository, "kaka/issue-1");
        Git git = Git.open(earlier.directory().toFile())) {
      directory = earlier.directory();
      // what an agent leaves behind: edits, deletions, new, ignored and nested files, its own
      // branch, commit and hook, configuration, and the token in as many places as it could reach
      Files.writeString(directory.resolve(".gitignore"), "*.log\n# " + TOKEN + "\n");
      Files.delete(directory.resolve("src/App.java"));
      Files.writeString(
          Files.createDirectories(directory.resolve("notes")).resolve("token.txt"), TOKEN);
      Files.writeString(directory.resolve("debug.log"), "ignored " + TOKEN);
      Files.writeString(directory.resolve(".git/hooks/pre-commit"), "#!/bin/sh\necho " + TOKEN);
      git.getRepository().getConfig().setString("credential", null, "helper", TOKEN);
      git.getRepository().getConfig().save();
      git.add().addFilepattern(".").call();
      agentsCommit =
          git.commit()
              .setMessage("agent's own " + TOKEN)
              .setAuthor(KAKA)
              .setCommitter(KAKA)
              .setSign(false)
              .setNoVerify(true)
              .call();
      git.branchCreate().setName("agent-branch").call();
      Files.writeString(directory.resolve("after-commit.txt"), TOKEN);
      Path nested = Files.createDirectories(directory.resolve("vendor/lib/.git"));
      Files.writeString(nested.resolve("config"), "[remote \"x\"]\n  url = " + TOKEN + "\n");
    }
    assertThat(directory).as("kept for reuse").isDirectory();
    assertThat(filesContaining(directory, TOKEN))
        .as("nothing the agent left waits on disk with the tree")
        .isEmpty();
    try (Stream<Path> git = Files.list(directory.resolve(".git"))) {
      assertThat(git).containsExactly(directory.resolve(".git/index"));
    }
    Map<String, String> upstream = new HashMap<>();
    upstream.put("NEWS.md", "news\n");
    upstream.put("README.md", "# hello, again\n");
    ObjectId base = server.commit("octo", "hello", "main", upstream, "Upstream change");

    try (Workspace reused = workspaces.create(repository, "kaka/issue-2");
        Git git = Git.open(reused.directory().toFile())) {
      assertThat(reused.directory()).as("the earlier tree was reused").isEqualTo(directory);
      Repository repo = git.getRepository();
      assertThat(filesUnder(directory)).isEqualTo(filesAt(repo, base));
      assertThat(git.status().call().isClean()).isTrue();
      assertThat(reused.changedFiles()).isEmpty();
      assertThat(repo.getFullBranch()).isEqualTo("refs/heads/kaka/issue-2");
      assertThat(repo.resolve(Constants.HEAD)).isEqualTo(base);
      assertThat(repo.getRefDatabase().getRefs())
          .extracting(Ref::getName)
          .containsExactlyInAnyOrder("HEAD", "refs/heads/kaka/issue-2", "refs/remotes/origin/main");
      assertThat(repo.getObjectDatabase().has(agentsCommit)).isFalse();
      assertThat(directory.resolve(".git/hooks/pre-commit")).doesNotExist();
      assertThat(repo.getConfig().getString("credential", null, "helper")).isNull();
      assertThat(filesContaining(directory, TOKEN)).isEmpty();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)))
          .isEqualTo("rwx------");
    }
  }

  @Test
  void anEditDisguisedWithTheOriginalSizeAndModificationTimeIsStillUndone() throws Exception {
    Path readme;
    try (Workspace earlier = workspaces.create(repository, "kaka/issue-1")) {
      readme = earlier.directory().resolve("README.md");
      FileTime modified = Files.getLastModifiedTime(readme);
      assertThat(readme).hasContent("# hello");
      // same length, and the old time put back: invisible to git's own change detection
      Files.writeString(readme, "# HELLO\n");
      Files.setLastModifiedTime(readme, modified);
    }

    try (Workspace reused = workspaces.create(repository, "kaka/issue-2")) {
      assertThat(reused.directory().resolve("README.md")).isEqualTo(readme).hasContent("# hello");
    }
  }

  @Test
  void aTreeAProcessStillWorksInIsDeletedNotReused() throws Exception {
    Path directory;
    Process leftBehind;
    try (Workspace earlier = workspaces.create(repository, "kaka/issue-1")) {
      directory = earlier.directory();
      // a background process the agent started and did not stop
      leftBehind = new ProcessBuilder("sleep", "60").directory(directory.toFile()).start();
    }
    try {
      assertThat(directory).doesNotExist();
      try (Workspace next = workspaces.create(repository, "kaka/issue-2")) {
        assertThat(next.directory()).isNotEqualTo(directory);
      }
    } finally {
      leftBehind.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"deleted", "replaced by a link"})
  void aTreeTheAgentDeletedOrReplacedGivesWayToANewCheckout(String fate) throws Exception {
    Path outside = Files.createDirectories(temp.resolve("outside"));
    Files.writeString(outside.resolve("keep.txt"), "not Kaka's\n");
    Path directory;
    try (Workspace earlier = workspaces.create(repository, "kaka/issue-1")) {
      directory = earlier.directory();
      Directories.deleteRecursively(directory);
      if (fate.equals("replaced by a link")) {
        Files.createSymbolicLink(directory, outside);
      }
    }

    try (Workspace next = workspaces.create(repository, "kaka/issue-2")) {
      assertThat(next.directory()).isNotEqualTo(directory);
      assertThat(next.directory().resolve("README.md")).hasContent("# hello");
    }
    assertThat(Files.exists(directory, LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(directory.resolveSibling(directory.getFileName() + ".lock")).doesNotExist();
    try (Stream<Path> left = Files.list(outside)) {
      assertThat(left).containsExactly(outside.resolve("keep.txt"));
    }
  }

  @Test
  void followUpOnAPullRequestBranchStartsFromItsPushInAReusedTree() throws Exception {
    Path directory;
    String pushed;
    try (Workspace first = workspaces.create(repository, "kaka/issue-5")) {
      directory = first.directory();
      Files.writeString(first.directory().resolve("fix.txt"), "fix\n");
      pushed = first.commitAll("Fix", KAKA);
      first.push("kaka/issue-5");
    }

    try (Workspace followUp = workspaces.create(repository, "kaka/issue-5", "kaka/issue-5")) {
      assertThat(followUp.directory()).isEqualTo(directory);
      assertThat(followUp.baseCommit()).isEqualTo(pushed);
      assertThat(followUp.directory().resolve("fix.txt")).hasContent("fix");
      assertThat(followUp.changedFiles()).isEmpty();
    }
  }

  @Test
  void idleTreesStayWithinTheCapacityAndGoWhenTheWorkspacesClose() throws Exception {
    GitWorkspaces small = workspaces(2);
    List<Workspace> open = new ArrayList<>();
    for (int task = 1; task <= 4; task++) {
      open.add(small.create(repository, "kaka/issue-" + task));
    }
    open.subList(0, 3).forEach(Workspace::close);
    assertThat(directoriesIn(workspaceDir)).as("two idle, one in use").hasSize(3);

    small.close();
    assertThat(directoriesIn(workspaceDir)).containsExactly(open.get(3).directory());
    open.get(3).close();

    try (Stream<Path> left = Files.list(workspaceDir)) {
      assertThat(left).as("a task that ends after the shutdown leaves nothing").isEmpty();
    }
  }

  @Test
  void concurrentTasksOnWarmTreesNeverSeeEachOthersWork() throws Exception {
    int tasks = 6;
    Set<Path> seen = new HashSet<>();
    ExecutorService pool = Executors.newFixedThreadPool(tasks);
    try {
      for (int round = 1; round <= 3; round++) {
        ObjectId base =
            server.commit(
                "octo",
                "hello",
                "main",
                Map.of("ROUND.md", "round " + round + "\n"),
                "Round " + round);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int task = 1; task <= tasks; task++) {
          String name = "r" + round + "-t" + task;
          Callable<String> run =
              () -> {
                start.await();
                try (Workspace workspace = workspaces.create(repository, "kaka/issue-" + name);
                    Git git = Git.open(workspace.directory().toFile())) {
                  synchronized (seen) {
                    seen.add(workspace.directory());
                  }
                  assertThat(filesUnder(workspace.directory()))
                      .as("task %s starts from exactly the base", name)
                      .isEqualTo(filesAt(git.getRepository(), base));
                  Files.writeString(workspace.directory().resolve("README.md"), "# " + name + "\n");
                  Files.writeString(workspace.directory().resolve(name + ".txt"), name + "\n");
                  Files.writeString(workspace.directory().resolve("build.log"), name + "\n");
                  Thread.sleep(ThreadLocalRandom.current().nextInt(50));
                  assertThat(workspace.changedFiles()).containsExactly("README.md", name + ".txt");
                  String sha = workspace.commitAll("Task " + name, KAKA);
                  workspace.push("kaka/issue-" + name);
                  return sha;
                }
              };
          results.add(pool.submit(run));
        }
        start.countDown();
        for (int task = 1; task <= tasks; task++) {
          String name = "r" + round + "-t" + task;
          String sha = results.get(task - 1).get(60, TimeUnit.SECONDS);
          RevCommit pushed = server.head("octo", "hello", "kaka/issue-" + name).orElseThrow();
          assertThat(pushed.name()).isEqualTo(sha);
          assertThat(pushed.getParent(0)).isEqualTo(base);
          assertThat(changesOf(pushed))
              .as("task %s pushed its own change only", name)
              .containsExactlyInAnyOrder("MODIFY README.md", "ADD " + name + ".txt");
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(seen.size()).as("trees were reused across rounds").isLessThan(3 * tasks);
    assertThat(directoriesIn(workspaceDir)).hasSize(4);
  }

  private GitWorkspaces workspaces(int idle) {
    return new GitWorkspaces(
        new GitProperties(
            temp.resolve("cache"),
            workspaceDir,
            "kaka/",
            Duration.ofSeconds(30),
            new GitProperties.Author("Kaka", "kaka@users.noreply.github.com"),
            idle,
            server.remoteUrlTemplate(),
            GitProperties.MirrorHistory.FULL),
        GitCredentials.token(() -> TOKEN));
  }

  /** Every file under {@code root} outside {@code .git}, with its content. */
  private static Map<String, String> filesUnder(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.toList()) {
        String relative = root.relativize(path).toString();
        if (relative.equals(".git") || relative.startsWith(".git/") || Files.isDirectory(path)) {
          continue;
        }
        files.put(relative, Files.readString(path));
      }
    }
    return files;
  }

  private static Map<String, String> filesAt(Repository repository, ObjectId commit)
      throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (RevWalk walk = new RevWalk(repository);
        TreeWalk tree = new TreeWalk(repository)) {
      tree.addTree(walk.parseCommit(commit).getTree());
      tree.setRecursive(true);
      while (tree.next()) {
        files.put(
            tree.getPathString(),
            new String(repository.open(tree.getObjectId(0)).getBytes(), UTF_8));
      }
    }
    return files;
  }

  private List<String> changesOf(RevCommit commit) throws Exception {
    try (Git remote = Git.open(temp.resolve("remote/octo/hello.git").toFile());
        RevWalk walk = new RevWalk(remote.getRepository())) {
      RevCommit parsed = walk.parseCommit(commit);
      RevCommit parent = walk.parseCommit(parsed.getParent(0));
      try (var reader = remote.getRepository().newObjectReader()) {
        var oldTree =
            new org.eclipse.jgit.treewalk.CanonicalTreeParser(null, reader, parent.getTree());
        var newTree =
            new org.eclipse.jgit.treewalk.CanonicalTreeParser(null, reader, parsed.getTree());
        return remote.diff().setOldTree(oldTree).setNewTree(newTree).call().stream()
            .map(
                entry ->
                    entry.getChangeType()
                        + " "
                        + (entry.getChangeType() == DiffEntry.ChangeType.DELETE
                            ? entry.getOldPath()
                            : entry.getNewPath()))
            .sorted()
            .toList();
      }
    }
  }

  private static List<Path> directoriesIn(Path root) throws IOException {
    try (Stream<Path> entries = Files.list(root)) {
      return entries.filter(Files::isDirectory).toList();
    }
  }

  private static List<Path> filesContaining(Path root, String secret) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .filter(
              file -> {
                try {
                  return new String(Files.readAllBytes(file), UTF_8).contains(secret);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .toList();
    }
  }
}
