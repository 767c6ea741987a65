package dev.kaka.worker.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.common.event.RepositoryRef;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two worker processes on one host: the file locks, held by a second JVM. */
class CrossProcessLockTest {

  @TempDir Path temp;

  private Process holder;

  @AfterEach
  void stopHolder() throws Exception {
    if (holder != null && holder.isAlive()) {
      holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void janitorKeepsAWorkspaceAnotherProcessHoldsAndRemovesItOnceThatProcessIsKilled()
      throws Exception {
    Path workspaceDir = temp.resolve("workspaces");
    Path otherWorkersWorkspace = workspaceDir.resolve("octo-hello-0123456789ab");
    Files.createDirectories(workspaceDir);
    holder = holdLock("workspace", otherWorkersWorkspace);
    Files.writeString(
        Files.createDirectories(otherWorkersWorkspace).resolve("work.txt"), "in progress\n");
    GitWorkspaces workspaces =
        new GitWorkspaces(
            properties(workspaceDir, "http://127.0.0.1:1/{owner}/{name}.git"),
            GitCredentials.anonymous());

    assertThat(workspaces.removeLeftoverWorkspaces()).isZero();
    assertThat(otherWorkersWorkspace.resolve("work.txt")).exists();

    holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

    assertThat(workspaces.removeLeftoverWorkspaces()).isOne();
    assertThat(otherWorkersWorkspace).doesNotExist();
  }

  @Test
  void cacheUpdateWaitsWhileAnotherProcessUpdatesTheSameMirror() throws Exception {
    try (LocalGitServer server =
        new LocalGitServer(Files.createDirectories(temp.resolve("remote")))) {
      RepositoryRef repository = server.createRepository("octo", "hello");
      GitWorkspaces workspaces =
          new GitWorkspaces(
              properties(temp.resolve("workspaces"), server.remoteUrlTemplate()),
              GitCredentials.anonymous());
      // warm up on another repository, so that a clone which ignored the lock would finish well
      // within the wait
      workspaces.create(server.createRepository("octo", "warm-up"), "kaka/issue-1").close();
      Path mirror = temp.resolve("cache/octo/hello.git");
      Files.createDirectories(mirror.getParent());
      holder = holdLock("mirror", mirror);

      CompletableFuture<String> task =
          CompletableFuture.supplyAsync(
              () -> {
                try (Workspace workspace = workspaces.create(repository, "kaka/issue-1")) {
                  return workspace.baseCommit();
                }
              });
      Thread.sleep(1500);
      assertThat(task).as("waits for the other process").isNotDone();
      assertThat(mirror).as("no clone while the other process holds the lock").doesNotExist();

      holder.getOutputStream().close();

      assertThat(task.get(30, TimeUnit.SECONDS))
          .isEqualTo(server.head("octo", "hello", "main").orElseThrow().name());
    }
  }

  private GitProperties properties(Path workspaceDir, String remoteUrl) {
    return new GitProperties(
        temp.resolve("cache"),
        workspaceDir,
        "kaka/",
        Duration.ofSeconds(30),
        null,
        4,
        remoteUrl,
        GitProperties.MirrorHistory.FULL);
  }

  private static Process holdLock(String kind, Path path) throws Exception {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LockHolder.class.getName(),
                kind,
                path.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream()));
    assertThat(output.readLine()).isEqualTo("locked");
    return process;
  }
}
