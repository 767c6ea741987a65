package dev.kaka.worker.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kaka.common.event.RepositoryRef;
import dev.kaka.testkit.github.FakeGitHub;
import dev.kaka.testkit.github.FakeRepository;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smart HTTP with token authentication, against the fake GitHub from the testkit. */
class FakeGitHubWorkspaceTest {

  private static final String TOKEN = "ghs_FakeGitHubToken0123";
  private static final PersonIdent KAKA = new PersonIdent("Kaka", "kaka@users.noreply.github.com");

  @TempDir Path temp;

  private FakeGitHub github;
  private RepositoryRef repository;
  private final AtomicReference<String> token = new AtomicReference<>(TOKEN);
  private GitWorkspaces workspaces;

  @BeforeEach
  void startGitHub() {
    github = FakeGitHub.start(temp.resolve("github"), TOKEN);
    FakeRepository created =
        github.createRepository("acme", "widgets", "main", Map.of("README.md", "# Widgets\n"));
    repository =
        new RepositoryRef(
            created.owner(), created.name(), created.cloneUrl(), created.defaultBranch());
    workspaces =
        new GitWorkspaces(
            new GitProperties(
                temp.resolve("cache"),
                temp.resolve("workspaces"),
                "kaka/",
                Duration.ofSeconds(30),
                null,
                4,
                github.remoteUrlTemplate(),
                GitProperties.MirrorHistory.FULL),
            GitCredentials.token(token::get));
  }

  @AfterEach
  void stopGitHub() {
    github.close();
  }

  @Test
  void clonesFetchesAndPushesWithTheToken() throws Exception {
    try (Workspace first = workspaces.create(repository, "kaka/issue-1-widgets")) {
      Files.writeString(first.directory().resolve("Widget.java"), "class Widget {}\n");
      String sha = first.commitAll(TaskTrailer.appendTo("Add a widget", "task-1"), KAKA);
      first.push("kaka/issue-1-widgets");

      assertThat(remoteBranches()).contains("refs/heads/kaka/issue-1-widgets=" + sha);
      assertThat(Files.readString(first.directory().resolve(".git/config"))).doesNotContain(TOKEN);
    }
    try (Workspace redelivered = workspaces.create(repository, "kaka/issue-1-widgets")) {
      assertThat(redelivered.existingTaskCommit("task-1")).isPresent();
    }
  }

  @Test
  void wrongTokenFailsPermanentlyWithoutShowingIt() {
    token.set("ghs_WrongToken987");

    GitOperationException failure =
        catchThrowableOfType(
            GitOperationException.class, () -> workspaces.create(repository, "kaka/issue-2"));

    assertThat(failure)
        .hasMessage(
            "Could not clone "
                + repository.cloneUrl()
                + ": not authorized. Check that the token is valid and can read the repository.");
    assertThat(failure.retryable()).isFalse();
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString()).doesNotContain("ghs_WrongToken987");
  }

  @Test
  void tokenRevokedBeforeThePushFailsThePushPermanently() throws Exception {
    try (Workspace workspace = workspaces.create(repository, "kaka/issue-3")) {
      Files.writeString(workspace.directory().resolve("fix.txt"), "fix\n");
      workspace.commitAll("Fix", KAKA);
      token.set("ghs_RevokedToken555");

      GitOperationException failure =
          catchThrowableOfType(GitOperationException.class, () -> workspace.push("kaka/issue-3"));

      assertThat(failure)
          .hasMessage(
              "Could not push branch kaka/issue-3 to "
                  + repository.cloneUrl()
                  + ": not authorized. Check that the token is valid and can push to the"
                  + " repository.");
      assertThat(failure.retryable()).isFalse();
    }
  }

  @Test
  void missingRepositoryIsReportedAsNotFound() {
    RepositoryRef missing =
        new RepositoryRef("acme", "gone", github.cloneUrl("acme", "gone"), "main");

    GitOperationException failure =
        catchThrowableOfType(
            GitOperationException.class, () -> workspaces.create(missing, "kaka/issue-4"));

    assertThat(failure)
        .hasMessageStartingWith(
            "Could not clone " + missing.cloneUrl() + ": repository not found.");
    assertThat(failure.retryable()).isFalse();
  }

  private Collection<String> remoteBranches() throws Exception {
    return Git.lsRemoteRepository()
        .setRemote(repository.cloneUrl())
        .setHeads(true)
        .setCredentialsProvider(new UsernamePasswordCredentialsProvider("x-access-token", TOKEN))
        .call()
        .stream()
        .map(ref -> ref.getName() + "=" + ref.getObjectId().name())
        .toList();
  }
}
