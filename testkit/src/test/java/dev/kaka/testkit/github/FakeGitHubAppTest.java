package dev.kaka.testkit.github;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.kaka.testkit.github.FakeGitHubApp.IssuedToken;
import io.jsonwebtoken.Jwts;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kohsuke.github.GHApp;
import org.kohsuke.github.GHAppInstallation;
import org.kohsuke.github.GHAppInstallationToken;
import org.kohsuke.github.GHFileNotFoundException;
import org.kohsuke.github.GHIssueComment;
import org.kohsuke.github.GHPermissionType;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GHRepositorySelection;
import org.kohsuke.github.GHUser;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.HttpException;
import org.kohsuke.github.authorization.AppInstallationAuthorizationProvider;
import org.kohsuke.github.extras.authorization.JWTTokenProvider;

/**
 * GitHub App authentication on the fake, driven by github-api's own JWT and installation token
 * support: the App's JWT, installation tokens, and how the fake holds those tokens to their
 * repositories and permissions.
 */
class FakeGitHubAppTest {

  private static final String TOKEN = "ghs_personal_token";
  private static final long APP_ID = 12345;
  private static final String SLUG = "kaka-app";
  private static final Map<String, String> APP_PERMISSIONS =
      Map.of(
          "contents", "write",
          "issues", "write",
          "pull_requests", "write",
          "metadata", "read",
          "checks", "read",
          "actions", "read");

  @TempDir Path tempDir;

  private FakeGitHub github;
  private FakeGitHubApp app;
  private long installationId;
  private PrivateKey appKey;
  private GitHub asApp;

  @BeforeEach
  void startFake() throws Exception {
    github = FakeGitHub.start(tempDir.resolve("fake"), TOKEN);
    github.createRepository("acme", "widgets", "main", Map.of("README.md", "# Widgets\n"));
    github.createRepository("acme", "gadgets", "main", Map.of("README.md", "# Gadgets\n"));
    github.createRepository("other", "things", "main", Map.of("README.md", "# Things\n"));
    app = github.registerApp(APP_ID, SLUG, APP_PERMISSIONS);
    installationId = app.install("acme");
    appKey = Pkcs1Pem.privateKey(app.privateKeyPem());
    asApp = clientWith(new JWTTokenProvider(Long.toString(APP_ID), appKey));
  }

  @AfterEach
  void stopFake() {
    github.close();
  }

  @Test
  void describesTheAppAndItsBot() throws Exception {
    assertThat(app.id()).isEqualTo(APP_ID);
    assertThat(app.slug()).isEqualTo(SLUG);
    assertThat(app.botLogin()).isEqualTo("kaka-app[bot]");
    assertThat(app.privateKeyPem())
        .startsWith("-----BEGIN RSA PRIVATE KEY-----\n")
        .endsWith("-----END RSA PRIVATE KEY-----\n");

    GHApp described = asApp.getApp();

    assertThat(described.getId()).isEqualTo(APP_ID);
    assertThat(described.getSlug()).isEqualTo(SLUG);
    assertThat(described.getPermissions()).isEqualTo(APP_PERMISSIONS);
    assertThat(described.getInstallationsCount()).isEqualTo(1);

    GHUser bot = withPersonalToken().getUser(app.botLogin());
    assertThat(bot.getId()).isEqualTo(app.botUserId());
    assertThat(bot.getType()).isEqualTo("Bot");
    HttpResponse<String> encoded =
        get("/users/kaka-app%5Bbot%5D", "token " + TOKEN, HttpResponse.BodyHandlers.ofString());
    assertThat(encoded.statusCode()).isEqualTo(200);
    assertThat(encoded.body())
        .contains("\"login\":\"kaka-app[bot]\"", "\"id\":" + app.botUserId(), "\"type\":\"Bot\"");
    // Java's HTTP clients always encode the brackets; clients such as curl send them as they are.
    try (Socket socket = new Socket("127.0.0.1", github.port())) {
      socket
          .getOutputStream()
          .write(
              ("GET /api/v3/users/kaka-app[bot] HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      + ("Authorization: token " + TOKEN + "\r\nConnection: close\r\n\r\n"))
                  .getBytes(UTF_8));
      assertThat(new String(socket.getInputStream().readAllBytes(), UTF_8))
          .startsWith("HTTP/1.1 200")
          .contains("\"id\":" + app.botUserId());
    }
  }

  @Test
  void findsTheInstallationByRepositoryAccountAndId() throws Exception {
    GHApp described = asApp.getApp();

    GHAppInstallation byRepository = described.getInstallationByRepository("acme", "widgets");

    assertThat(byRepository.getId()).isEqualTo(installationId);
    assertThat(byRepository.getAppId()).isEqualTo(APP_ID);
    assertThat(byRepository.getAccount().getLogin()).isEqualTo("acme");
    assertThat(byRepository.getRepositorySelection()).isEqualTo(GHRepositorySelection.ALL);
    assertThat(byRepository.getPermissions())
        .containsEntry("contents", GHPermissionType.WRITE)
        .containsEntry("metadata", GHPermissionType.READ);
    assertThat(described.getInstallationByOrganization("acme").getId()).isEqualTo(installationId);
    assertThat(described.getInstallationByUser("acme").getId()).isEqualTo(installationId);
    assertThat(described.getInstallationById(installationId).getAccount().getLogin())
        .isEqualTo("acme");
    assertThat(described.listInstallations().toList())
        .extracting(GHAppInstallation::getId)
        .containsExactly(installationId);
    assertThat(app.install("acme")).isEqualTo(installationId);

    assertThatThrownBy(() -> described.getInstallationByRepository("other", "things"))
        .isInstanceOf(GHFileNotFoundException.class);
    assertThatThrownBy(() -> described.getInstallationById(installationId + 1))
        .isInstanceOf(GHFileNotFoundException.class);
  }

  @Test
  void aTokenForOneRepositoryWithContentsReadReadsThatRepositoryAndNothingElse() throws Exception {
    GHAppInstallationToken token =
        installation()
            .createToken()
            .repositories(List.of("widgets"))
            .permissions(Map.of("contents", GHPermissionType.READ))
            .create();

    assertThat(token.getToken()).startsWith("ghs_").hasSize(40);
    assertThat(token.getPermissions()).isEqualTo(Map.of("contents", "read", "metadata", "read"));
    assertThat(token.getRepositorySelection()).isEqualTo(GHRepositorySelection.SELECTED);
    assertThat(token.getRepositories())
        .extracting(GHRepository::getName)
        .containsExactly("widgets");
    assertThat(app.issuedTokens())
        .singleElement()
        .satisfies(
            issued -> {
              assertThat(issued.token()).isEqualTo(token.getToken());
              assertThat(issued.installationId()).isEqualTo(installationId);
              assertThat(issued.repositories()).containsExactly("widgets");
              assertThat(issued.permissions())
                  .isEqualTo(Map.of("contents", "read", "metadata", "read"));
              assertThat(issued.expiresAt())
                  .isCloseTo(Instant.now().plus(Duration.ofHours(1)), within(5, ChronoUnit.SECONDS))
                  .isEqualTo(token.getExpiresAt().toInstant());
            });

    GitHub asInstallation = withInstallationToken(token.getToken());
    GHRepository widgets = asInstallation.getRepository("acme/widgets");
    assertThat(widgets.getFileContent("README.md").getContent()).isEqualTo("# Widgets\n");

    assertThatThrownBy(() -> asInstallation.getRepository("acme/gadgets"))
        .isInstanceOf(GHFileNotFoundException.class)
        .hasMessageContaining("Not Found");
    int issue = github.openIssue("acme", "widgets", "Blue widgets", "Make them red.").number();
    assertThatThrownBy(() -> widgets.getIssue(issue))
        .isInstanceOfSatisfying(
            HttpException.class, e -> assertThat(e.getResponseCode()).isEqualTo(403))
        .hasMessageContaining("Resource not accessible by integration");
    HttpResponse<String> comment =
        send(
            HttpRequest.newBuilder(api("/repos/acme/widgets/issues/" + issue + "/comments"))
                .header("Authorization", "token " + token.getToken())
                .POST(HttpRequest.BodyPublishers.ofString("{\"body\":\"On it\"}")));
    assertThat(comment.statusCode()).isEqualTo(403);
    assertThat(comment.body()).contains("\"message\":\"Resource not accessible by integration\"");
    assertThat(github.comments("acme", "widgets", issue)).isEmpty();
  }

  @Test
  void changesMadeWithAnInstallationTokenAreTheBots() throws Exception {
    GHAppInstallationToken token =
        installation()
            .createToken()
            .permissions(
                Map.of("issues", GHPermissionType.WRITE, "pull_requests", GHPermissionType.WRITE))
            .create();
    GHRepository widgets = withInstallationToken(token.getToken()).getRepository("acme/widgets");
    int issue = github.openIssue("acme", "widgets", "Blue widgets", "Make them red.").number();

    GHIssueComment comment = widgets.getIssue(issue).comment("Working on it");
    github.pushBranch("acme", "widgets", "kaka/issue-1", Map.of("README.md", "# Red widgets\n"));
    GHPullRequest pull = widgets.createPullRequest("Red widgets", "kaka/issue-1", "main", "");

    assertThat(token.getRepositorySelection()).isEqualTo(GHRepositorySelection.ALL);
    assertThat(comment.getUser().getLogin()).isEqualTo("kaka-app[bot]");
    assertThat(comment.getUser().getType()).isEqualTo("Bot");
    assertThat(github.comments("acme", "widgets", issue))
        .extracting(FakeComment::user)
        .containsExactly(app.botLogin());
    assertThat(pull.getUser().getLogin()).isEqualTo(app.botLogin());
    assertThat(github.pullRequests("acme", "widgets"))
        .extracting(FakePullRequest::user)
        .containsExactly(app.botLogin());
  }

  @Test
  void pullRequestsPermissionCoversCommentsAndLabelsOnPullRequestsOnly() throws Exception {
    String token =
        installation()
            .createToken()
            .permissions(Map.of("pull_requests", GHPermissionType.WRITE))
            .create()
            .getToken();
    int issue = github.openIssue("acme", "widgets", "Blue widgets", "Make them red.").number();
    github.pushBranch("acme", "widgets", "kaka/issue-1", Map.of("README.md", "# Red widgets\n"));
    int pull =
        withPersonalToken()
            .getRepository("acme/widgets")
            .createPullRequest("Red widgets", "kaka/issue-1", "main", "")
            .getNumber();
    GHRepository widgets = withInstallationToken(token).getRepository("acme/widgets");

    widgets.getIssue(pull).addLabels("kaka:done");

    assertThat(github.labels("acme", "widgets", pull)).containsExactly("kaka:done");
    assertThatThrownBy(() -> widgets.getIssue(issue))
        .isInstanceOfSatisfying(
            HttpException.class, e -> assertThat(e.getResponseCode()).isEqualTo(403));
  }

  @Test
  void anInstallationIsNoUser() throws Exception {
    String token = installation().createToken().create().getToken();

    assertThatThrownBy(() -> withInstallationToken(token).getMyself())
        .isInstanceOfSatisfying(
            HttpException.class, e -> assertThat(e.getResponseCode()).isEqualTo(403))
        .hasMessageContaining("Resource not accessible by integration");
  }

  @Test
  void refusesPermissionsTheAppLacksAndRepositoriesOutsideTheInstallation() throws Exception {
    GHAppInstallation installation = installation();

    assertThatThrownBy(
            () ->
                installation
                    .createToken()
                    .permissions(Map.of("administration", GHPermissionType.WRITE))
                    .create())
        .isInstanceOfSatisfying(
            HttpException.class, e -> assertThat(e.getResponseCode()).isEqualTo(422))
        .hasMessageContaining("The permissions requested are not granted to this installation.");
    assertThatThrownBy(
            () ->
                installation
                    .createToken()
                    .permissions(Map.of("checks", GHPermissionType.WRITE))
                    .create())
        .isInstanceOfSatisfying(
            HttpException.class, e -> assertThat(e.getResponseCode()).isEqualTo(422));
    assertThatThrownBy(() -> installation.createToken().repositories(List.of("things")).create())
        .isInstanceOfSatisfying(
            HttpException.class, e -> assertThat(e.getResponseCode()).isEqualTo(422))
        .hasMessageContaining("not accessible to the parent installation");
    assertThat(app.issuedTokens()).isEmpty();
  }

  @Test
  void selectsRepositoriesByIdToo() throws Exception {
    long gadgetsId = withPersonalToken().getRepository("acme/gadgets").getId();

    GHAppInstallationToken token =
        installation().createToken().repositoryIds(List.of(gadgetsId)).create();

    assertThat(token.getRepositories())
        .extracting(GHRepository::getName)
        .containsExactly("gadgets");
    assertThat(app.issuedTokens())
        .extracting(IssuedToken::repositories)
        .containsExactly(List.of("gadgets"));
  }

  @Test
  void aJwtSignedWithAnotherKeyIsRefused() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    GitHub impostor =
        clientWith(
            new JWTTokenProvider(Long.toString(APP_ID), generator.generateKeyPair().getPrivate()));

    assertThatThrownBy(impostor::getApp)
        .isInstanceOfSatisfying(
            HttpException.class, e -> assertThat(e.getResponseCode()).isEqualTo(401))
        .hasMessageContaining("A JSON web token could not be decoded");
  }

  @Test
  void checksTheTimesOfTheJwt() throws Exception {
    Instant now = Instant.now();

    HttpResponse<String> tooLong = getApp(jwt(now.minusSeconds(60), now.plusSeconds(20 * 60)));
    HttpResponse<String> expired = getApp(jwt(now.minusSeconds(600), now.minusSeconds(5)));
    HttpResponse<String> issuedLater = getApp(jwt(now.plusSeconds(180), now.plusSeconds(480)));
    HttpResponse<String> fine = getApp(jwt(now.minusSeconds(60), now.plusSeconds(9 * 60)));

    assertThat(tooLong.statusCode()).isEqualTo(401);
    assertThat(tooLong.body()).contains("'Expiration time' claim ('exp') is too far in the future");
    assertThat(expired.statusCode()).isEqualTo(401);
    assertThat(issuedLater.statusCode()).isEqualTo(401);
    assertThat(issuedLater.body()).contains("'Issued at' claim ('iat')");
    assertThat(fine.statusCode()).isEqualTo(200);
    assertThat(fine.body()).contains("\"slug\":\"kaka-app\"");
  }

  @Test
  void takesTheAppIdAsANumberToo() throws Exception {
    // jjwt writes iss only as a string, so this JWT is signed by hand.
    long now = Instant.now().getEpochSecond();
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    String signed =
        base64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(UTF_8))
            + "."
            + base64.encodeToString(
                String.format("{\"iss\":%d,\"iat\":%d,\"exp\":%d}", APP_ID, now - 60, now + 300)
                    .getBytes(UTF_8));
    Signature signature = Signature.getInstance("SHA256withRSA");
    signature.initSign(appKey);
    signature.update(signed.getBytes(UTF_8));
    String numericIssuer = signed + "." + base64.encodeToString(signature.sign());

    assertThat(getApp(numericIssuer).statusCode()).isEqualTo(200);
  }

  @Test
  void aJwtReachesOnlyTheAppEndpoints() throws Exception {
    assertThatThrownBy(() -> asApp.getRepository("acme/widgets"))
        .isInstanceOfSatisfying(
            HttpException.class, e -> assertThat(e.getResponseCode()).isEqualTo(403))
        .hasMessageContaining("Resource not accessible by integration");
    assertThatThrownBy(() -> withPersonalToken().getApp())
        .isInstanceOfSatisfying(
            HttpException.class, e -> assertThat(e.getResponseCode()).isEqualTo(401))
        .hasMessageContaining("A JSON web token could not be decoded");
  }

  @Test
  void anExpiredTokenGetsBadCredentials() throws Exception {
    String token = installation().createToken().create().getToken();
    GitHub asInstallation = withInstallationToken(token);
    asInstallation.getRepository("acme/widgets");

    app.expireTokens();

    assertThatThrownBy(() -> asInstallation.getRepository("acme/widgets"))
        .isInstanceOfSatisfying(
            HttpException.class, e -> assertThat(e.getResponseCode()).isEqualTo(401))
        .hasMessageContaining("Bad credentials");
    assertThat(app.issuedTokens().get(0).expiresAt()).isBefore(Instant.now().plusSeconds(1));
  }

  @Test
  void aTokenLivesAsLongAsTheLifetimeSays() throws Exception {
    app.setTokenLifetime(Duration.ZERO);

    String token = installation().createToken().create().getToken();

    assertThatThrownBy(() -> withInstallationToken(token).getRepository("acme/widgets"))
        .isInstanceOfSatisfying(
            HttpException.class, e -> assertThat(e.getResponseCode()).isEqualTo(401));
  }

  @Test
  void githubApisInstallationProviderGetsAndUsesAToken() throws Exception {
    GitHub client =
        clientWith(
            new AppInstallationAuthorizationProvider(
                installedApp -> installedApp.getInstallationByRepository("acme", "widgets"),
                new JWTTokenProvider(Long.toString(APP_ID), appKey)));

    int issue = github.openIssue("acme", "widgets", "Blue widgets", "Make them red.").number();
    client.getRepository("acme/widgets").getIssue(issue).comment("On it");

    assertThat(github.comments("acme", "widgets", issue))
        .extracting(FakeComment::user)
        .containsExactly(app.botLogin());
  }

  @Test
  void logsWhichCredentialEachCallUsed() throws Exception {
    withPersonalToken().getRepository("acme/widgets");
    String token = installation().createToken().create().getToken();
    withInstallationToken(token).getRepository("acme/widgets");
    get("/repos/acme/widgets", "token wrong", HttpResponse.BodyHandlers.discarding());

    assertThat(github.apiCalls())
        .extracting(call -> tuple(call.method(), call.path(), call.credential()))
        .containsExactly(
            // github-api asks who a personal token belongs to before its first call.
            tuple("GET", "/user", new Credential.PersonalToken()),
            tuple("GET", "/repos/acme/widgets", new Credential.PersonalToken()),
            tuple("GET", "/app", new Credential.AppJwt(APP_ID)),
            tuple("GET", "/repos/acme/widgets/installation", new Credential.AppJwt(APP_ID)),
            tuple(
                "POST",
                "/app/installations/" + installationId + "/access_tokens",
                new Credential.AppJwt(APP_ID)),
            tuple(
                "GET",
                "/repos/acme/widgets",
                new Credential.InstallationToken(installationId, token)),
            tuple("GET", "/repos/acme/widgets", new Credential.Unknown()));
  }

  private GHAppInstallation installation() throws IOException {
    return asApp.getApp().getInstallationByRepository("acme", "widgets");
  }

  private GitHub clientWith(org.kohsuke.github.authorization.AuthorizationProvider provider)
      throws IOException {
    return new GitHubBuilder()
        .withEndpoint(github.apiUrl())
        .withAuthorizationProvider(provider)
        .build();
  }

  private GitHub withPersonalToken() throws IOException {
    return new GitHubBuilder().withEndpoint(github.apiUrl()).withOAuthToken(TOKEN).build();
  }

  private GitHub withInstallationToken(String token) throws IOException {
    return new GitHubBuilder()
        .withEndpoint(github.apiUrl())
        .withAppInstallationToken(token)
        .build();
  }

  private String jwt(Instant issuedAt, Instant expiresAt) {
    return Jwts.builder()
        .issuer(Long.toString(APP_ID))
        .issuedAt(Date.from(issuedAt))
        .expiration(Date.from(expiresAt))
        .signWith(appKey, Jwts.SIG.RS256)
        .compact();
  }

  private HttpResponse<String> getApp(String jwt) throws IOException, InterruptedException {
    return get("/app", "Bearer " + jwt, HttpResponse.BodyHandlers.ofString());
  }

  private <T> HttpResponse<T> get(
      String path, String authorization, HttpResponse.BodyHandler<T> body)
      throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(api(path)).header("Authorization", authorization).build(), body);
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI api(String path) {
    return URI.create(github.apiUrl() + path);
  }
}
