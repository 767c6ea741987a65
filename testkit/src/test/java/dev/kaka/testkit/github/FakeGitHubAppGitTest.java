package dev.kaka.testkit.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kohsuke.github.GHAppInstallation;
import org.kohsuke.github.GHPermissionType;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.extras.authorization.JWTTokenProvider;

/** Git over smart HTTP with installation tokens, obtained the way a client obtains them. */
class FakeGitHubAppGitTest {

  private static final long APP_ID = 777;

  @TempDir Path tempDir;

  private FakeGitHub github;
  private FakeGitHubApp app;
  private GHAppInstallation installation;

  @BeforeEach
  void startFake() throws Exception {
    github = FakeGitHub.start(tempDir.resolve("fake"), "ghs_personal_token");
    github.createRepository("acme", "widgets", "main", Map.of("README.md", "# Widgets\n"));
    github.createRepository("acme", "gadgets", "main", Map.of("README.md", "# Gadgets\n"));
    app =
        github.registerApp(
            APP_ID, "kaka", Map.of("contents", "write", "issues", "write", "metadata", "read"));
    app.install("acme");
    installation =
        new GitHubBuilder()
            .withEndpoint(github.apiUrl())
            .withAuthorizationProvider(
                new JWTTokenProvider(
                    Long.toString(APP_ID), Pkcs1Pem.privateKey(app.privateKeyPem())))
            .build()
            .getApp()
            .getInstallationByOrganization("acme");
  }

  @AfterEach
  void stopFake() {
    github.close();
  }

  @Test
  void aReadOnlyTokenClonesItsRepositoryButMayNotPush() throws Exception {
    String token = token(GHPermissionType.READ, "widgets");

    try (LocalClone clone =
        LocalClone.of(github.cloneUrl("acme", "widgets"), tempDir.resolve("widgets"), token)) {
      assertThat(clone.read("README.md")).isEqualTo("# Widgets\n");
      clone.checkoutNewBranch("kaka/issue-1");
      clone.commit("src/Widget.java", "class Widget {}\n", "Add a widget");

      assertThatThrownBy(() -> clone.push("kaka/issue-1"))
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("git-receive-pack not permitted");
    }
    assertThat(github.branchHead("acme", "widgets", "kaka/issue-1")).isEmpty();
  }

  @Test
  void aTokenForOneRepositoryFindsNoOther() throws Exception {
    String token = token(GHPermissionType.WRITE, "widgets");

    assertThatThrownBy(
            () ->
                LocalClone.of(github.cloneUrl("acme", "gadgets"), tempDir.resolve("other"), token))
        .isInstanceOf(InvalidRemoteException.class)
        .cause()
        .isInstanceOf(NoRemoteRepositoryException.class);
    assertThat(infoRefs("gadgets", token).statusCode()).isEqualTo(404);
  }

  @Test
  void aTokenWithContentsWritePushes() throws Exception {
    String token = token(GHPermissionType.WRITE, "widgets");
    RevCommit pushed;

    try (LocalClone clone =
        LocalClone.of(github.cloneUrl("acme", "widgets"), tempDir.resolve("widgets"), token)) {
      clone.checkoutNewBranch("kaka/issue-2");
      pushed = clone.commit("src/Widget.java", "class Widget {}\n", "Add a widget");
      clone.push("kaka/issue-2");
    }

    assertThat(github.branchHead("acme", "widgets", "kaka/issue-2")).hasValue(pushed.name());
  }

  @Test
  void aTokenWithoutContentsMayNotFetch() throws Exception {
    String token =
        installation
            .createToken()
            .permissions(Map.of("issues", GHPermissionType.WRITE))
            .create()
            .getToken();

    assertThat(infoRefs("widgets", token).statusCode()).isEqualTo(403);
  }

  @Test
  void anExpiredTokenIsChallengedAgain() throws Exception {
    String token = token(GHPermissionType.READ, "widgets");
    assertThat(infoRefs("widgets", token).statusCode()).isEqualTo(200);

    app.expireTokens();

    HttpResponse<String> refused = infoRefs("widgets", token);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"git\"");
    assertThatThrownBy(
            () ->
                LocalClone.of(
                    github.cloneUrl("acme", "widgets"), tempDir.resolve("expired"), token))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("not authorized");
  }

  private String token(GHPermissionType contents, String repository) throws IOException {
    return installation
        .createToken()
        .repositories(List.of(repository))
        .permissions(Map.of("contents", contents))
        .create()
        .getToken();
  }

  private HttpResponse<String> infoRefs(String repository, String token)
      throws IOException, InterruptedException {
    String basic = Base64.getEncoder().encodeToString(("x-access-token:" + token).getBytes());
    URI refs =
        URI.create(github.cloneUrl("acme", repository) + "/info/refs?service=git-upload-pack");
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(refs).header("Authorization", "Basic " + basic).build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
