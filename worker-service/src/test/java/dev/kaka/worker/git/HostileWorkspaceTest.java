package dev.kaka.worker.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.common.event.RepositoryRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.StoredConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent that rewrites its workspace's {@code .git} to redirect the push, run code in the worker
 * or hide and alter files: none of it reaches the commit or the push.
 */
class HostileWorkspaceTest {

  private static final PersonIdent KAKA = new PersonIdent("Kaka", "kaka@users.noreply.github.com");
  private static final String BRANCH = "kaka/issue-1";

  @TempDir Path temp;

  private LocalGitServer server;
  private RepositoryRef repository;
  private GitWorkspaces workspaces;
  private Path markers;

  @BeforeEach
  void startServer() throws Exception {
    server = new LocalGitServer(Files.createDirectories(temp.resolve("remote")));
    repository = server.createRepository("octo", "hello");
    server.createRepository("octo", "other");
    markers = Files.createDirectories(temp.resolve("markers"));
    workspaces =
        new GitWorkspaces(
            new GitProperties(
                temp.resolve("cache"),
                temp.resolve("workspaces"),
                "kaka/",
                Duration.ofSeconds(30),
                null,
                0,
                server.remoteUrlTemplate(),
                GitProperties.MirrorHistory.FULL),
            GitCredentials.token(() -> "ghs_HostileWorkspaceToken"));
  }

  @AfterEach
  void stopServer() throws Exception {
    server.close();
  }

  @Test
  void nothingTheAgentWritesIntoItsGitDirectoryRedirectsRunsOrAltersTheCommit() throws Exception {
    List<String> otherBefore = server.branches("octo", "other");
    try (Workspace workspace = workspaces.create(repository, BRANCH)) {
      Path dir = workspace.directory();
      String other = server.url("octo", "other");
      try (Git git = Git.open(dir.toFile())) {
        StoredConfig config = git.getRepository().getConfig();
        config.setString("remote", "origin", "pushurl", other);
        config.setString("url", other, "pushInsteadOf", server.url("octo", "hello"));
        config.setString("core", null, "excludesFile", write(dir, ".git/global-ignore", "*.md\n"));
        config.setString("filter", "evil", "clean", marker("clean-filter") + "; cat");
        config.setString("filter", "evil", "smudge", marker("smudge-filter") + "; cat");
        config.setBoolean("filter", "evil", "required", true);
        config.save();
      }
      hook(dir, "pre-commit");
      hook(dir, "pre-push");
      hook(dir, "post-commit");
      write(dir, ".git/info/exclude", "excluded.txt\n");
      write(dir, ".gitattributes", "*.txt filter=evil\n");
      write(dir, "excluded.txt", "excluded by info/exclude\n");
      write(dir, "NOTES.md", "excluded by core.excludesFile\n");
      write(dir, "filtered.txt", "taken\r\nverbatim\n");

      assertThat(workspace.changedFiles())
          .containsExactly(".gitattributes", "NOTES.md", "excluded.txt", "filtered.txt");
      String sha = workspace.commitAll("Fix", KAKA);
      workspace.push(BRANCH);

      assertThat(server.head("octo", "hello", BRANCH).orElseThrow().name()).isEqualTo(sha);
      assertThat(server.files("octo", "hello", BRANCH))
          .containsEntry("excluded.txt", "f:excluded by info/exclude\n")
          .containsEntry("NOTES.md", "f:excluded by core.excludesFile\n")
          .containsEntry("filtered.txt", "f:taken\r\nverbatim\n");
    }
    assertThat(server.branches("octo", "other")).isEqualTo(otherBefore);
    try (var made = Files.list(markers)) {
      assertThat(made).as("no hook or filter ran").isEmpty();
    }
  }

  private String marker(String name) {
    return "touch " + markers.resolve(name);
  }

  private void hook(Path workspace, String name) throws Exception {
    Path hook =
        Path.of(write(workspace, ".git/hooks/" + name, "#!/bin/sh\n" + marker(name) + "\n"));
    Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwx------"));
  }

  private static String write(Path root, String path, String content) throws Exception {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    return file.toString();
  }
}
