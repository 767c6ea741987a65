package dev.kaka.worker.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.common.event.RepositoryRef;
import dev.kaka.testkit.github.FakeGitHub;
import dev.kaka.testkit.github.FakeRepository;
import dev.kaka.worker.git.GitProperties.MirrorHistory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first task on a repository starts from a shallow fetch, over smart HTTP from the fake GitHub;
 * the mirror's history is filled in the background for later tasks, or never.
 */
class ShallowMirrorTest {

  private static final String TOKEN = "ghs_ShallowMirrorToken42";
  private static final PersonIdent KAKA = new PersonIdent("Kaka", "kaka@users.noreply.github.com");

  @TempDir Path temp;

  private FakeGitHub github;
  private RepositoryRef repository;
  private String firstCommit;
  private ExecutorService fills;
  private final CountDownLatch fillsMayRun = new CountDownLatch(1);

  @BeforeEach
  void startGitHubWithHistory() {
    github = FakeGitHub.start(temp.resolve("github"), TOKEN);
    FakeRepository created =
        github.createRepository("acme", "widgets", "main", Map.of("README.md", "# Widgets\n"));
    repository =
        new RepositoryRef(
            created.owner(), created.name(), created.cloneUrl(), created.defaultBranch());
    firstCommit = github.branchHead("acme", "widgets", "main").orElseThrow();
    for (int change = 1; change <= 4; change++) {
      github.commitFiles("acme", "widgets", "main", Map.of("CHANGES.md", "change " + change));
    }
    fills = Executors.newSingleThreadExecutor();
    // held until the test lets fills run, so that it can look at the mirror before its fill
    fills.execute(
        () -> {
          try {
            fillsMayRun.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }

  @AfterEach
  void stop() {
    fillsMayRun.countDown();
    fills.shutdownNow();
    github.close();
  }

  @Test
  void firstTaskStartsFromAShallowFetchAndPushesItsBranch() throws Exception {
    GitWorkspaces workspaces = workspaces("cache", MirrorHistory.FULL);
    try (Workspace workspace = workspaces.create(repository, "kaka/issue-1-widgets")) {
      assertThat(mirrorHistory("cache").shallowCommits()).isNotEmpty();
      assertThat(mirrorHistory("cache").holdsFirstCommit()).isFalse();
      assertThat(git(workspace.directory(), "rev-list", "--count", "HEAD"))
          .as("the agent's git sees the commit it starts from and its parent")
          .isEqualTo("2");

      Files.writeString(workspace.directory().resolve("Widget.java"), "class Widget {}\n");
      String sha = workspace.commitAll(TaskTrailer.appendTo("Add a widget", "task-1"), KAKA);
      workspace.push("kaka/issue-1-widgets");

      assertThat(github.branchHead("acme", "widgets", "kaka/issue-1-widgets")).contains(sha);
      assertThat(workspace.changedFilesOf(sha)).containsExactly("Widget.java");
    }
    // redelivered to a worker whose cache is new: its own push is found in a shallow fetch too
    try (Workspace redelivered =
        workspaces("other-cache", MirrorHistory.FULL).create(repository, "kaka/issue-1-widgets")) {
      String pushed = redelivered.existingTaskCommit("task-1").orElseThrow();
      assertThat(redelivered.changedFilesOf(pushed)).containsExactly("Widget.java");
    }
  }

  @Test
  void laterTaskUsesTheMirrorFilledInTheBackground() throws Exception {
    GitWorkspaces workspaces = workspaces("cache", MirrorHistory.FULL);
    try (Workspace first = workspaces.create(repository, "kaka/issue-1-widgets")) {
      letFillsRun();

      MirrorHistoryView mirror = mirrorHistory("cache");
      assertThat(mirror.shallowCommits()).isEmpty();
      assertThat(mirror.holdsFirstCommit()).isTrue();
      assertThat(git(first.directory(), "rev-list", "--count", "HEAD"))
          .as("a task that started shallow stays so")
          .isEqualTo("2");
    }
    github.commitFiles("acme", "widgets", "main", Map.of("CHANGES.md", "change 5"));

    try (Workspace later = workspaces.create(repository, "kaka/issue-2-widgets")) {
      assertThat(git(later.directory(), "rev-list", "--count", "HEAD")).isEqualTo("6");
      assertThat(later.directory().resolve(".git/shallow")).doesNotExist();
      Files.writeString(later.directory().resolve("Gadget.java"), "class Gadget {}\n");
      String sha = later.commitAll("Add a gadget", KAKA);
      later.push("kaka/issue-2-widgets");
      assertThat(github.branchHead("acme", "widgets", "kaka/issue-2-widgets")).contains(sha);
    }
  }

  @Test
  void mirrorToStayShallowIsNeverDeepened() throws Exception {
    GitWorkspaces workspaces = workspaces("cache", MirrorHistory.SHALLOW);
    try (Workspace first = workspaces.create(repository, "kaka/issue-1-widgets")) {
      letFillsRun();
    }
    github.commitFiles("acme", "widgets", "main", Map.of("CHANGES.md", "change 5"));
    github.commitFiles("acme", "widgets", "main", Map.of("CHANGES.md", "change 6"));

    try (Workspace later = workspaces.create(repository, "kaka/issue-2-widgets")) {
      letFillsRun();

      MirrorHistoryView mirror = mirrorHistory("cache");
      assertThat(mirror.shallowCommits()).isNotEmpty();
      assertThat(mirror.holdsFirstCommit()).isFalse();
      assertThat(git(later.directory(), "rev-list", "--count", "HEAD")).isEqualTo("2");
      Files.writeString(later.directory().resolve("Gadget.java"), "class Gadget {}\n");
      String sha = later.commitAll("Add a gadget", KAKA);
      later.push("kaka/issue-2-widgets");
      assertThat(github.branchHead("acme", "widgets", "kaka/issue-2-widgets")).contains(sha);
    }
  }

  private GitWorkspaces workspaces(String cache, MirrorHistory history) {
    return new GitWorkspaces(
        new GitProperties(
            temp.resolve(cache),
            temp.resolve("workspaces"),
            "kaka/",
            Duration.ofSeconds(30),
            null,
            4,
            github.remoteUrlTemplate(),
            history),
        GitCredentials.token(() -> TOKEN),
        fills);
  }

  /** Lets the queued fills run, and waits until they are done. */
  private void letFillsRun() throws Exception {
    fillsMayRun.countDown();
    fills.submit(() -> {}).get(30, TimeUnit.SECONDS);
  }

  /** What a mirror holds of the repository's history. */
  private record MirrorHistoryView(Set<ObjectId> shallowCommits, boolean holdsFirstCommit) {}

  private MirrorHistoryView mirrorHistory(String cache) throws IOException {
    try (Repository mirror =
        new FileRepositoryBuilder()
            .setGitDir(temp.resolve(cache).resolve("acme/widgets.git").toFile())
            .setMustExist(true)
            .build()) {
      return new MirrorHistoryView(
          mirror.getObjectDatabase().getShallowCommits(),
          mirror.getObjectDatabase().has(ObjectId.fromString(firstCommit)));
    }
  }

  /** Runs git as the agent would, in the workspace; returns its output, trimmed. */
  private static String git(Path directory, String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of("git", "-C", directory.toString()));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(output).isZero();
    return output.strip();
  }
}
