package dev.kaka.worker.git;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kaka.common.event.RepositoryRef;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitWorkspacesTest {

  private static final String TOKEN = "ghs_TopSecretToken0123456789";
  private static final PersonIdent KAKA = new PersonIdent("Kaka", "kaka@users.noreply.github.com");

  @TempDir Path temp;

  private LocalGitServer server;
  private RepositoryRef repository;
  private Path cacheDir;
  private Path workspaceDir;
  private GitWorkspaces workspaces;

  @BeforeEach
  void startServer() throws Exception {
    server = new LocalGitServer(Files.createDirectories(temp.resolve("remote")));
    repository = server.createRepository("octo", "hello");
    cacheDir = temp.resolve("cache");
    workspaceDir = temp.resolve("workspaces");
    workspaces = workspacesWith(GitCredentials.token(() -> TOKEN), 4);
  }

  @AfterEach
  void stopServer() throws Exception {
    server.close();
  }

  @Test
  void firstTaskClonesTheMirrorAndLaterTasksOnlyFetch() throws Exception {
    Path mirror = cacheDir.resolve("octo/hello.git");
    Object mirrorIdentity;
    try (Workspace first = workspaces.create(repository, "kaka/issue-1")) {
      assertThat(mirror).isDirectory();
      mirrorIdentity = Files.readAttributes(mirror, BasicFileAttributes.class).fileKey();
      assertThat(first.directory().resolve("NEWS.md")).doesNotExist();
    }
    var pushedMeanwhile =
        server.commit("octo", "hello", "main", Map.of("NEWS.md", "news\n"), "Add news");

    try (Workspace second = workspaces.create(repository, "kaka/issue-2")) {
      assertThat(second.baseCommit()).isEqualTo(pushedMeanwhile.name());
      assertThat(second.directory().resolve("NEWS.md")).hasContent("news");
    }
    assertThat(Files.readAttributes(mirror, BasicFileAttributes.class).fileKey())
        .as("the mirror was fetched into, not cloned again")
        .isEqualTo(mirrorIdentity);
  }

  @Test
  void workspaceStartsOnTheNewBranchAtTheRemoteDefaultBranchHead() throws Exception {
    RevCommit remoteHead = server.head("octo", "hello", "main").orElseThrow();

    try (Workspace workspace = workspaces.create(repository, "kaka/issue-3-fix-it");
        Git git = Git.open(workspace.directory().toFile())) {
      assertThat(workspace.branch()).isEqualTo("kaka/issue-3-fix-it");
      assertThat(git.getRepository().getFullBranch()).isEqualTo("refs/heads/kaka/issue-3-fix-it");
      assertThat(git.getRepository().resolve("HEAD")).isEqualTo(remoteHead);
      assertThat(workspace.baseCommit()).isEqualTo(remoteHead.name());
      assertThat(git.status().call().isClean()).isTrue();
      assertThat(workspace.directory().resolve("src/App.java")).hasContent("class App {}");
      assertThat(git.getRepository().getConfig().getString("remote", "origin", "url"))
          .isEqualTo(repository.cloneUrl());
      assertThat(workspace.directory().resolve(".git/objects/info/alternates"))
          .as("objects are borrowed from the mirror, not copied")
          .hasContent(cacheDir.resolve("octo/hello.git/objects").toString());
      assertThat(workspace.directory().resolve(".git/objects/pack")).isEmptyDirectory();
    }
  }

  @Test
  void workspaceDirectoryIsReadableByItsOwnerOnly() throws Exception {
    try (Workspace workspace = workspaces.create(repository, "kaka/issue-4")) {
      assertThat(
              PosixFilePermissions.toString(Files.getPosixFilePermissions(workspace.directory())))
          .isEqualTo("rwx------");
      assertThat(workspace.directory().getParent()).isEqualTo(workspaceDir);
    }
  }

  @Test
  void changedFilesListsAddedModifiedDeletedAndUntrackedFilesButNotIgnoredOnes() throws Exception {
    try (Workspace workspace = workspaces.create(repository, "kaka/issue-5");
        Git git = Git.open(workspace.directory().toFile())) {
      assertThat(workspace.changedFiles()).isEmpty();
      Path dir = workspace.directory();
      Files.writeString(dir.resolve("README.md"), "# changed\n");
      Files.delete(dir.resolve("src/App.java"));
      Files.createDirectories(dir.resolve("docs/guide"));
      Files.writeString(dir.resolve("docs/guide/new.md"), "new\n");
      Files.writeString(dir.resolve("staged.txt"), "staged\n");
      git.add().addFilepattern("staged.txt").call();
      Files.writeString(dir.resolve("build.log"), "ignored by .gitignore\n");
      Files.createDirectories(dir.resolve("empty-dir"));

      assertThat(workspace.changedFiles())
          .containsExactly("README.md", "docs/guide/new.md", "src/App.java", "staged.txt");
    }
  }

  @Test
  void commitAndPushCreateTheBranchOnTheRemoteWithAuthorAndMessage() throws Exception {
    try (Workspace workspace = workspaces.create(repository, "kaka/issue-6")) {
      Files.writeString(workspace.directory().resolve("README.md"), "# fixed\n");
      Files.delete(workspace.directory().resolve("src/App.java"));
      Files.writeString(workspace.directory().resolve("NEW.md"), "new\n");
      String message = TaskTrailer.appendTo("Fix the README\n\nCloses #6", "task-6");

      String sha = workspace.commitAll(message, KAKA);
      workspace.push("kaka/issue-6");

      RevCommit pushed = server.head("octo", "hello", "kaka/issue-6").orElseThrow();
      assertThat(pushed.name()).isEqualTo(sha);
      assertThat(pushed.getAuthorIdent().getName()).isEqualTo("Kaka");
      assertThat(pushed.getAuthorIdent().getEmailAddress())
          .isEqualTo("kaka@users.noreply.github.com");
      assertThat(pushed.getCommitterIdent().getName()).isEqualTo("Kaka");
      assertThat(pushed.getFullMessage())
          .isEqualTo("Fix the README\n\nCloses #6\n\nKaka-Task-Id: task-6\n");
      assertThat(pushed.getParentCount()).isOne();
      assertThat(pushed.getParent(0).name()).isEqualTo(workspace.baseCommit());
      assertThat(workspace.changedFilesOf(sha))
          .containsExactly("NEW.md", "README.md", "src/App.java");
      try (Git mirror = Git.open(cacheDir.resolve("octo/hello.git").toFile())) {
        assertThat(mirror.getRepository().getObjectDatabase().has(ObjectId.fromString(sha)))
            .as("new objects stay in the workspace; the shared mirror only lends")
            .isFalse();
      }
    }
  }

  @Test
  void commitAllMakesOneCommitOnTheBaseEvenWhenTheAgentCommittedItself() throws Exception {
    try (Workspace workspace = workspaces.create(repository, "kaka/issue-7");
        Git git = Git.open(workspace.directory().toFile())) {
      Files.writeString(workspace.directory().resolve("agent.txt"), "by the agent\n");
      git.add().addFilepattern("agent.txt").call();
      git.commit()
          .setMessage("agent's own commit")
          .setAuthor(KAKA)
          .setCommitter(KAKA)
          .setSign(false)
          .call();
      assertThat(workspace.changedFiles()).containsExactly("agent.txt");
      Files.writeString(workspace.directory().resolve("later.txt"), "after the agent's commit\n");

      String sha = workspace.commitAll("Add files", KAKA);
      workspace.push("kaka/issue-7");

      RevCommit pushed = server.head("octo", "hello", "kaka/issue-7").orElseThrow();
      assertThat(pushed.name()).isEqualTo(sha);
      assertThat(pushed.getParentCount()).isOne();
      assertThat(pushed.getParent(0).name()).isEqualTo(workspace.baseCommit());
      assertThat(workspace.changedFilesOf(sha)).containsExactly("agent.txt", "later.txt");
      assertThat(git.getRepository().resolve("HEAD").name())
          .as("the agent's repository is not touched")
          .isNotEqualTo(sha);
    }
  }

  @Test
  void commitAllWithoutChangesFailsPermanently() {
    try (Workspace workspace = workspaces.create(repository, "kaka/issue-8")) {
      GitOperationException failure =
          catchThrowableOfType(
              GitOperationException.class, () -> workspace.commitAll("Nothing", KAKA));

      assertThat(failure).hasMessageStartingWith("Nothing to commit in " + workspace.directory());
      assertThat(failure.retryable()).isFalse();
    }
  }

  @Test
  void forcePushReplacesAnEarlierPushOfTheSameBranch() throws Exception {
    try (Workspace first = workspaces.create(repository, "kaka/issue-9")) {
      Files.writeString(first.directory().resolve("attempt.txt"), "first\n");
      first.commitAll("First attempt", KAKA);
      first.push("kaka/issue-9");
      Files.writeString(first.directory().resolve("attempt.txt"), "first, amended\n");
      String amended = first.commitAll("First attempt, amended", KAKA);
      first.push("kaka/issue-9");
      assertThat(server.head("octo", "hello", "kaka/issue-9").orElseThrow().name())
          .isEqualTo(amended);
    }

    try (Workspace second = workspaces.create(repository, "kaka/issue-9")) {
      Files.writeString(second.directory().resolve("attempt.txt"), "second\n");
      String sha = second.commitAll("Second attempt", KAKA);
      second.push("kaka/issue-9");

      RevCommit remoteHead = server.head("octo", "hello", "kaka/issue-9").orElseThrow();
      assertThat(remoteHead.name()).isEqualTo(sha);
      assertThat(remoteHead.getParent(0).name()).isEqualTo(second.baseCommit());
    }
  }

  @Test
  void existingTaskCommitRecognisesAnEarlierPushOfTheSameTask() throws Exception {
    String pushed;
    try (Workspace first = workspaces.create(repository, "kaka/issue-10")) {
      assertThat(first.existingTaskCommit("task-10")).as("nothing pushed yet").isEmpty();
      Files.writeString(first.directory().resolve("fix.txt"), "fix\n");
      pushed = first.commitAll(TaskTrailer.appendTo("Fix", "task-10"), KAKA);
      first.push("kaka/issue-10");
    }

    try (Workspace redelivered = workspaces.create(repository, "kaka/issue-10")) {
      assertThat(redelivered.existingTaskCommit("task-10")).contains(pushed);
      assertThat(redelivered.existingTaskCommit("task-11")).isEmpty();
      assertThat(redelivered.changedFilesOf(pushed)).containsExactly("fix.txt");
    }
  }

  @Test
  void pushOfABranchTheWorkspaceDoesNotHaveFailsWithAdvice() {
    try (Workspace workspace = workspaces.create(repository, "kaka/issue-11")) {
      assertThatThrownBy(() -> workspace.push("kaka/other"))
          .isInstanceOf(GitOperationException.class)
          .hasMessage(
              "Could not push branch kaka/other to "
                  + repository.cloneUrl()
                  + ": the workspace has no such branch; commit first.");
    }
  }

  @Test
  void pushRejectedByTheRemoteFailsPermanentlyWithTheRemotesReason() throws Exception {
    server.rejectPushes("protected branch hook declined");
    try (Workspace workspace = workspaces.create(repository, "kaka/issue-12")) {
      Files.writeString(workspace.directory().resolve("fix.txt"), "fix\n");
      workspace.commitAll("Fix", KAKA);

      GitOperationException failure =
          catchThrowableOfType(GitOperationException.class, () -> workspace.push("kaka/issue-12"));

      assertThat(failure)
          .hasMessageStartingWith(
              "Could not push branch kaka/issue-12 to "
                  + repository.cloneUrl()
                  + ": rejected by the remote (protected branch hook declined).");
      assertThat(failure.retryable()).isFalse();
      assertThat(server.head("octo", "hello", "kaka/issue-12")).isEmpty();
    }
  }

  @Test
  void cloneOfAMissingRepositoryFailsPermanentlyWithAClearMessage() throws Exception {
    String url = server.url("octo", "missing");
    RepositoryRef missing = new RepositoryRef("octo", "missing", url, "main");

    GitOperationException failure =
        catchThrowableOfType(
            GitOperationException.class, () -> workspaces.create(missing, "kaka/issue-13"));

    assertThat(failure)
        .hasMessageStartingWith("Could not clone " + url + ": repository not found.");
    assertThat(failure.retryable()).isFalse();
    assertThat(cacheDir.resolve("octo/missing.git")).doesNotExist();
    try (Stream<Path> left = Files.list(cacheDir.resolve("octo"))) {
      assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("partial"));
    }
    assertThat(workspaceDir).doesNotExist();
  }

  @Test
  void missingDefaultBranchFailsPermanently() {
    RepositoryRef renamed = new RepositoryRef("octo", "hello", repository.cloneUrl(), "trunk");

    assertThatThrownBy(() -> workspaces.create(renamed, "kaka/issue-14"))
        .isInstanceOf(GitOperationException.class)
        .hasMessage(
            "Could not start work on "
                + repository.cloneUrl()
                + ": it has no branch 'trunk'."
                + " Is the repository empty, or was its default branch renamed?");
  }

  @Test
  void repositoryNamesThatCouldEscapeTheCacheAreRefused() {
    RepositoryRef sneaky = new RepositoryRef("..", "etc", repository.cloneUrl(), "main");

    assertThatThrownBy(() -> workspaces.create(sneaky, "kaka/issue-15"))
        .isInstanceOf(GitOperationException.class)
        .hasMessage("'../etc' is not a valid GitHub repository name");
  }

  @Test
  void theRemoteUrlComesFromTheTemplateNotFromThePayload() throws Exception {
    server.createRepository("octo", "other");
    RepositoryRef forged = new RepositoryRef("octo", "hello", server.url("octo", "other"), "main");

    try (Workspace workspace = workspaces.create(forged, "kaka/issue-22")) {
      Files.writeString(workspace.directory().resolve("fix.txt"), "fix\n");
      String sha = workspace.commitAll("Fix", KAKA);
      workspace.push("kaka/issue-22");

      assertThat(server.head("octo", "hello", "kaka/issue-22").orElseThrow().name()).isEqualTo(sha);
      assertThat(server.head("octo", "other", "kaka/issue-22")).isEmpty();
    }
  }

  @Test
  void ownerOrNameThatWouldNameAnotherRepositoryIsRefusedBeforeCloning() {
    // together they must be exactly the repository fullName() says, one path segment each
    RepositoryRef sneaky = new RepositoryRef("octo/other", "hello", repository.cloneUrl(), "main");

    GitOperationException failure =
        catchThrowableOfType(
            GitOperationException.class, () -> workspaces.create(sneaky, "kaka/issue-23"));

    assertThat(failure).hasMessage("'octo/other/hello' is not a valid GitHub repository name");
    assertThat(failure.retryable()).isFalse();
    assertThat(cacheDir).doesNotExist();
  }

  @Test
  void tokenNeverReachesGitConfigNorFilesInTheRepositories() throws Exception {
    String urlWithToken =
        repository.cloneUrl().replace("http://", "http://x-access-token:" + TOKEN + "@");
    RepositoryRef withCredentials = new RepositoryRef("octo", "hello", urlWithToken, "main");

    try (Workspace workspace = workspaces.create(withCredentials, "kaka/issue-16")) {
      Files.writeString(workspace.directory().resolve("fix.txt"), "fix\n");
      workspace.commitAll("Fix", KAKA);
      workspace.push("kaka/issue-16");

      assertThat(
              Git.open(workspace.directory().toFile())
                  .getRepository()
                  .getConfig()
                  .getString("remote", "origin", "url"))
          .isEqualTo(repository.cloneUrl());
      assertThat(filesContaining(workspace.directory(), TOKEN)).isEmpty();
      assertThat(filesContaining(workspaceDir, TOKEN)).isEmpty();
      assertThat(filesContaining(cacheDir, TOKEN)).isEmpty();
      assertThat(filesContaining(cacheDir, "x-access-token")).isEmpty();
    }
  }

  @Test
  void tokenAndUrlCredentialsNeverAppearInFailures() throws Exception {
    int closedPort;
    try (var socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    GitWorkspaces unreachable =
        new GitWorkspaces(
            new GitProperties(
                cacheDir,
                workspaceDir,
                "kaka/",
                Duration.ofSeconds(30),
                null,
                4,
                "http://127.0.0.1:" + closedPort + "/{owner}/{name}.git",
                GitProperties.MirrorHistory.FULL),
            GitCredentials.token(() -> TOKEN));
    RepositoryRef withCredentials =
        new RepositoryRef(
            "octo",
            "hello",
            "http://kaka:" + TOKEN + "@127.0.0.1:" + closedPort + "/octo/hello.git",
            "main");

    GitOperationException failure =
        catchThrowableOfType(
            GitOperationException.class,
            () -> unreachable.create(withCredentials, "kaka/issue-17"));

    assertThat(failure)
        .hasMessageStartingWith(
            "Could not clone http://127.0.0.1:"
                + closedPort
                + "/octo/hello.git: connection failed");
    assertThat(failure.retryable()).as("a network failure may go away").isTrue();
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString())
        .contains("ConnectException")
        .doesNotContain(TOKEN)
        .doesNotContain("kaka:");
  }

  @Test
  void concurrentTasksOnOneRepositoryGetIndependentWorkspaces() throws Exception {
    int tasks = 8;
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch allCreated = new CountDownLatch(tasks);
    ExecutorService pool = Executors.newFixedThreadPool(tasks);
    try {
      List<Future<Map<String, Object>>> results = new ArrayList<>();
      for (int i = 1; i <= tasks; i++) {
        int task = i;
        Callable<Map<String, Object>> run =
            () -> {
              start.await();
              // starts from a cold cache, so the threads also race for the first clone
              try (Workspace workspace =
                  workspaces.create(repository, "kaka/issue-" + (100 + task))) {
                // every workspace is in use at once
                allCreated.countDown();
                allCreated.await();
                Files.writeString(
                    workspace.directory().resolve("task-" + task + ".txt"), "task " + task + "\n");
                Map<String, Object> result = new HashMap<>();
                result.put("changed", workspace.changedFiles());
                result.put("sha", workspace.commitAll("Task " + task, KAKA));
                workspace.push("kaka/issue-" + (100 + task));
                result.put("directory", workspace.directory());
                return result;
              }
            };
        results.add(pool.submit(run));
      }
      start.countDown();

      java.util.Set<Object> directories = new java.util.HashSet<>();
      for (int task = 1; task <= tasks; task++) {
        Map<String, Object> result = results.get(task - 1).get();
        directories.add(result.get("directory"));
        assertThat(result.get("changed")).isEqualTo(List.of("task-" + task + ".txt"));
        RevCommit pushed = server.head("octo", "hello", "kaka/issue-" + (100 + task)).orElseThrow();
        assertThat(pushed.name()).isEqualTo(result.get("sha"));
        assertThat(pushed.getShortMessage()).isEqualTo("Task " + task);
      }
      assertThat(directories).as("no two tasks shared a directory").hasSize(tasks);
    } finally {
      pool.shutdownNow();
    }
    try (Stream<Path> kept = Files.list(workspaceDir)) {
      assertThat(kept.filter(Files::isDirectory)).as("finished trees kept for reuse").hasSize(4);
    }
    try (Stream<Path> cache = Files.list(cacheDir.resolve("octo"))) {
      assertThat(cache.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("hello.git", "hello.git.lock");
    }
    try (Workspace afterwards = workspaces.create(repository, "kaka/issue-200")) {
      assertThat(afterwards.changedFiles()).isEmpty();
    }
  }

  @Test
  void theMirrorFetchesOnlyTheBranchesATaskNeeds() throws Exception {
    server.commit("octo", "hello", "feature/other", Map.of("other.txt", "x\n"), "Other work");
    Path mirror = cacheDir.resolve("octo/hello.git");
    workspaces.create(repository, "kaka/issue-20").close();
    assertThat(headsOf(mirror)).containsExactly("main");

    String pushed;
    try (Workspace first = workspaces.create(repository, "kaka/issue-21")) {
      Files.writeString(first.directory().resolve("fix.txt"), "fix\n");
      pushed = first.commitAll(TaskTrailer.appendTo("Fix", "task-21"), KAKA);
      first.push("kaka/issue-21");
    }
    try (Workspace again = workspaces.create(repository, "kaka/issue-21")) {
      assertThat(again.existingTaskCommit("task-21")).contains(pushed);
    }
    assertThat(headsOf(mirror)).containsExactlyInAnyOrder("main", "kaka/issue-21");

    server.deleteBranch("octo", "hello", "kaka/issue-21");
    try (Workspace afterMerge = workspaces.create(repository, "kaka/issue-21")) {
      assertThat(afterMerge.existingTaskCommit("task-21"))
          .as("a branch deleted on the remote is gone from the mirror too")
          .isEmpty();
    }
    assertThat(headsOf(mirror)).containsExactly("main");
  }

  @Test
  void closeDeletesTheWorkspaceCompletelyWhenNoTreesAreKept() throws Exception {
    GitWorkspaces workspaces = workspacesWith(GitCredentials.token(() -> TOKEN), 0);
    Workspace workspace = workspaces.create(repository, "kaka/issue-18");
    Files.writeString(workspace.directory().resolve("scratch.txt"), "scratch\n");
    Path directory = workspace.directory();

    workspace.close();
    workspace.close();

    assertThat(directory).doesNotExist();
    try (Stream<Path> left = Files.list(workspaceDir)) {
      assertThat(left).isEmpty();
    }
    assertThat(cacheDir.resolve("octo/hello.git"))
        .as("the cache outlives workspaces")
        .isDirectory();
  }

  @Test
  void janitorRemovesLeftoverWorkspacesButNotLiveOnes() throws Exception {
    Path leftover = Files.createDirectories(workspaceDir.resolve("octo-hello-0123456789ab"));
    Files.writeString(
        Files.createDirectories(leftover.resolve("src")).resolve("half-done.txt"), "x\n");
    Files.writeString(workspaceDir.resolve("octo-hello-0123456789ab.lock"), "");
    Path leftoverWithoutLock =
        Files.createDirectories(workspaceDir.resolve("octo-hello-ba9876543210"));

    try (Workspace live = workspaces.create(repository, "kaka/issue-19")) {
      int removed = workspaces.removeLeftoverWorkspaces();

      assertThat(removed).isEqualTo(2);
      assertThat(leftover).doesNotExist();
      assertThat(leftoverWithoutLock).doesNotExist();
      assertThat(live.directory().resolve("README.md")).exists();
      try (Stream<Path> left = Files.list(workspaceDir)) {
        assertThat(left.map(p -> p.getFileName().toString()))
            .containsExactlyInAnyOrder(
                live.directory().getFileName().toString(),
                live.directory().getFileName() + ".lock");
      }
    }
  }

  private static List<String> headsOf(Path mirror) throws IOException {
    try (Git git = Git.open(mirror.toFile())) {
      return git.getRepository().getRefDatabase().getRefsByPrefix("refs/heads/").stream()
          .map(ref -> ref.getName().substring("refs/heads/".length()))
          .toList();
    }
  }

  private GitWorkspaces workspacesWith(GitCredentials credentials, int idleWorkspaces) {
    return new GitWorkspaces(
        new GitProperties(
            cacheDir,
            workspaceDir,
            "kaka/",
            Duration.ofSeconds(30),
            new GitProperties.Author("Kaka", "kaka@users.noreply.github.com"),
            idleWorkspaces,
            server.remoteUrlTemplate(),
            GitProperties.MirrorHistory.FULL),
        credentials);
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
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .toList();
    }
  }
}
