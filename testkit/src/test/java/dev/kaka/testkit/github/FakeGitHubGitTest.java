package dev.kaka.testkit.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Git over smart HTTP against the fake, driven by the real JGit client. */
class FakeGitHubGitTest {

  private static final String TOKEN = "ghs_test_token";

  @TempDir Path tempDir;

  private FakeGitHub github;
  private FakeRepository repository;

  @BeforeEach
  void startFake() {
    github = FakeGitHub.start(tempDir.resolve("fake"), TOKEN);
    repository =
        github.createRepository(
            "acme",
            "widgets",
            "main",
            Map.of("README.md", "# Widgets\n", "docs/guide.md", "Read me first.\n"));
  }

  @AfterEach
  void stopFake() {
    github.close();
  }

  @Test
  void clonesTheInitialCommitOfTheDefaultBranch() throws Exception {
    assertThat(repository.cloneUrl())
        .isEqualTo("http://127.0.0.1:" + github.port() + "/git/acme/widgets.git");

    try (LocalClone clone = LocalClone.of(repository.cloneUrl(), tempDir.resolve("clone"), TOKEN)) {
      assertThat(clone.git().getRepository().getBranch()).isEqualTo("main");
      assertThat(clone.read("README.md")).isEqualTo("# Widgets\n");
      assertThat(clone.read("docs/guide.md")).isEqualTo("Read me first.\n");
      assertThat(clone.git().log().call()).hasSize(1);
    }
  }

  @Test
  void acceptsAPushedBranchThatAFreshCloneThenSees() throws Exception {
    RevCommit pushed;
    try (LocalClone clone = LocalClone.of(repository.cloneUrl(), tempDir.resolve("first"), TOKEN)) {
      clone.checkoutNewBranch("kaka/issue-1");
      pushed = clone.commit("src/Widget.java", "class Widget {}\n", "Add a widget");
      clone.push("kaka/issue-1");
    }

    Collection<Ref> remoteBranches =
        Git.lsRemoteRepository()
            .setRemote(repository.cloneUrl())
            .setHeads(true)
            .setCredentialsProvider(LocalClone.tokenCredentials(TOKEN))
            .call();
    assertThat(remoteBranches)
        .extracting(Ref::getName, ref -> ref.getObjectId().name())
        .contains(tuple("refs/heads/kaka/issue-1", pushed.name()));

    try (Git second =
        Git.cloneRepository()
            .setURI(repository.cloneUrl())
            .setDirectory(tempDir.resolve("second").toFile())
            .setBranch("kaka/issue-1")
            .setCredentialsProvider(LocalClone.tokenCredentials(TOKEN))
            .call()) {
      assertThat(second.getRepository().resolve("HEAD").name()).isEqualTo(pushed.name());
    }
  }

  @Test
  void refusesAPushWhileTheBotMayOnlyReadButStillServesClones() throws Exception {
    github.setPermission("acme", "widgets", FakeGitHub.BOT_LOGIN, "read");

    try (LocalClone clone =
        LocalClone.of(repository.cloneUrl(), tempDir.resolve("read-only"), TOKEN)) {
      clone.checkoutNewBranch("kaka/issue-2");
      clone.commit("src/Widget.java", "class Widget {}\n", "Add a widget");

      assertThatThrownBy(() -> clone.push("kaka/issue-2"))
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("git-receive-pack not permitted");
    }
    assertThat(github.branchHead("acme", "widgets", "kaka/issue-2")).isEmpty();
  }

  @Test
  void cloneWithoutCredentialsIsRefused() {
    assertThatThrownBy(
            () ->
                Git.cloneRepository()
                    .setURI(repository.cloneUrl())
                    .setDirectory(tempDir.resolve("anonymous").toFile())
                    .call())
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("Authentication is required");
  }

  @Test
  void cloneWithAWrongTokenIsRefused() {
    assertThatThrownBy(
            () ->
                Git.cloneRepository()
                    .setURI(repository.cloneUrl())
                    .setDirectory(tempDir.resolve("wrong").toFile())
                    .setCredentialsProvider(
                        new UsernamePasswordCredentialsProvider("x-access-token", "wrong"))
                    .call())
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("not authorized");
  }

  @Test
  void cloneOfAnUnknownRepositoryFindsNothing() throws Exception {
    String missing = github.cloneUrl("acme", "missing");

    assertThatThrownBy(() -> LocalClone.of(missing, tempDir.resolve("missing"), TOKEN))
        .isInstanceOf(InvalidRemoteException.class)
        .cause()
        .isInstanceOf(NoRemoteRepositoryException.class);

    String basic = Base64.getEncoder().encodeToString(("x-access-token:" + TOKEN).getBytes());
    HttpResponse<String> refs =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(missing + "/info/refs?service=git-upload-pack"))
                    .header("Authorization", "Basic " + basic)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(refs.statusCode()).isEqualTo(404);
  }

  @Test
  void challengesForBasicCredentialsAndAcceptsAnyUserNameWithTheToken() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI refs = URI.create(repository.cloneUrl() + "/info/refs?service=git-upload-pack");

    HttpResponse<String> anonymous =
        http.send(HttpRequest.newBuilder(refs).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"git\"");

    String basic = Base64.getEncoder().encodeToString(("anyone:" + TOKEN).getBytes());
    HttpResponse<String> authenticated =
        http.send(
            HttpRequest.newBuilder(refs).header("Authorization", "Basic " + basic).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(authenticated.statusCode()).isEqualTo(200);
    assertThat(authenticated.body()).contains("refs/heads/main");
  }

  @Test
  void servesARepositoryBuiltElsewhere() throws Exception {
    Path built = tempDir.resolve("built");
    try (Git git = Git.init().setDirectory(built.toFile()).setInitialBranch("trunk").call()) {
      java.nio.file.Files.writeString(built.resolve("BIG.md"), "built elsewhere\n");
      git.add().addFilepattern(".").call();
      git.commit().setMessage("Built elsewhere").setSign(false).call();
    }
    Path bare = tempDir.resolve("built.git");
    Git.cloneRepository()
        .setURI(built.toUri().toString())
        .setBare(true)
        .setDirectory(bare.toFile())
        .call()
        .close();

    FakeRepository adopted = github.adoptRepository("acme", "big", "trunk", bare);

    assertThat(bare).doesNotExist();
    try (LocalClone clone = LocalClone.of(adopted.cloneUrl(), tempDir.resolve("clone"), TOKEN)) {
      assertThat(clone.read("BIG.md")).isEqualTo("built elsewhere\n");
    }
    assertThat(github.branchHead("acme", "big", "trunk")).isPresent();
  }

  @Test
  void refusesASecondRepositoryWithTheSameName() {
    assertThatThrownBy(() -> github.createRepository("acme", "widgets", "main", Map.of()))
        .isInstanceOf(IllegalStateException.class);
  }
}
