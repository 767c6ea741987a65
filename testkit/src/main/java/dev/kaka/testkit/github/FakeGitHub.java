package dev.kaka.testkit.github;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.PersonIdent;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local stand-in for GitHub, for tests and for the sandbox mode: a real HTTP server on 127.0.0.1
 * that serves bare git repositories over smart HTTP (clone, fetch and push) and the part of the
 * REST API v3 the application uses, in shapes the {@code org.kohsuke:github-api} client reads
 * unchanged.
 *
 * <p>Both sides accept one personal token. REST calls must send it as {@code Authorization: token
 * X} (or {@code Bearer X}) and act as the bot user {@value #BOT_LOGIN}; git accepts it as the
 * password of HTTP Basic authentication, with any user name. Issues, comments and pull requests
 * live in memory; repositories live under the data directory.
 *
 * <p>GitHub Apps work as on GitHub too: {@link #registerApp} gives an App with a private key, whose
 * JWT reaches the App endpoints and obtains installation tokens; those act as the App's bot user
 * and are held to their repositories and permissions, on REST and on git. {@link #apiCalls} tells
 * which credential each REST call used.
 *
 * <pre>{@code
 * try (FakeGitHub github = FakeGitHub.start(tempDir, "secret")) {
 *     github.createRepository("acme", "app", "main", Map.of("README.md", "hello\n"));
 *     GitHub client = new GitHubBuilder().withEndpoint(github.apiUrl()).withOAuthToken("secret").build();
 *     ...
 * }
 * }</pre>
 */
public final class FakeGitHub implements AutoCloseable {

  /**
   * The login of the user the personal token belongs to: every change made with that token is made
   * by it.
   */
  public static final String BOT_LOGIN = "kaka-bot";

  private static final Permission CONTENTS_WRITE = Permission.write("contents");

  private final HttpServer server;
  private final Urls urls;
  private final GitHubState state;
  private final BareRepositories repositories;
  private final Faults faults;
  private final CallLog calls;
  private final AppRegistry apps;
  private final UserDirectory users;
  private final Clock clock;
  private final UserAttachments attachments;
  private final SecondaryLimiter secondaryLimits;

  private FakeGitHub(
      HttpServer server,
      Urls urls,
      GitHubState state,
      BareRepositories repositories,
      Faults faults,
      CallLog calls,
      AppRegistry apps,
      UserDirectory users,
      Clock clock,
      UserAttachments attachments,
      SecondaryLimiter secondaryLimits) {
    this.server = server;
    this.urls = urls;
    this.state = state;
    this.repositories = repositories;
    this.faults = faults;
    this.calls = calls;
    this.apps = apps;
    this.users = users;
    this.clock = clock;
    this.attachments = attachments;
    this.secondaryLimits = secondaryLimits;
  }

  /**
   * Starts a fake on a free port of 127.0.0.1.
   *
   * @param dataDir where the bare repositories (and the server's work files) go
   * @param token the personal token the fake accepts, for REST and for git
   */
  public static FakeGitHub start(Path dataDir, String token) {
    AccessToken accessToken = new AccessToken(token);
    Clock clock = Clock.systemUTC();
    HttpServer server = HttpServer.bind(dataDir.resolve("tomcat"));
    try {
      Urls urls = new Urls(server.port());
      GitHubState state = new GitHubState(BOT_LOGIN, clock);
      BareRepositories repositories = new BareRepositories(dataDir.resolve("repositories"));
      UserDirectory users = new UserDirectory(BOT_LOGIN);
      JsonViews views = new JsonViews(urls, users);
      Faults faults = new Faults(views, clock);
      CallLog calls = new CallLog();
      AppRegistry apps = new AppRegistry();
      JsonMapper mapper = JsonMapper.builder().build();
      Credentials credentials =
          new Credentials(
              accessToken, BOT_LOGIN, apps, new AppJwtVerifier(apps, mapper, clock), clock);

      ApiRouter router = new ApiRouter();
      RouteAccess access = new RouteAccess(state);
      new RepositoryApi(state, repositories, views, access).register(router);
      UserAttachments attachments = new UserAttachments(urls.web(), clock);
      new IssueApi(state, views, urls, access, attachments).register(router);
      new PullRequestApi(state, repositories, views, urls, access).register(router);
      new ReviewApi(state, views, urls, access).register(router);
      new AppApi(state, new AppViews(urls, views), urls, access).register(router);
      new CheckApi(state, state.checks(), urls, access).register(router);

      SecondaryLimiter secondaryLimits = new SecondaryLimiter(views, clock);
      server.mount(
          Urls.API_PATH,
          new ApiServlet(
              router, credentials, faults, views, mapper, clock, calls, secondaryLimits));
      server.mount(
          Urls.GIT_PATH,
          GitServletFactory.create(
              repositories,
              (caller, owner, name) ->
                  caller instanceof Caller.Installation installation
                      ? installation.has(CONTENTS_WRITE)
                      : List.of("admin", "maintain", "write")
                          .contains(state.permission(owner, name, caller.login()))));
      server.guard(Urls.GIT_PATH, new GitAuthFilter(credentials));
      server.mount("/user-attachments", new AttachmentServlet(attachments, credentials));
      server.mount("/private-user-images", new AttachmentServlet(attachments, credentials));
      server.mount(CheckApi.LOG_PATH, new JobLogServlet(state.checks()));
      server.start();
      return new FakeGitHub(
          server,
          urls,
          state,
          repositories,
          faults,
          calls,
          apps,
          users,
          clock,
          attachments,
          secondaryLimits);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  public int port() {
    return server.port();
  }

  /** The endpoint to give github-api, {@code http://127.0.0.1:PORT/api/v3}. */
  public String apiUrl() {
    return urls.api();
  }

  /**
   * The worker's {@code kaka.git.remote-url} for this fake, {@code
   * http://127.0.0.1:PORT/git/{owner}/{name}.git}.
   */
  public String remoteUrlTemplate() {
    return urls.clone("{owner}", "{name}");
  }

  /** {@code http://127.0.0.1:PORT/git/OWNER/NAME.git}; an unknown repository answers 404. */
  public String cloneUrl(String owner, String name) {
    return urls.clone(owner, name);
  }

  /**
   * Creates a bare repository whose {@code defaultBranch} holds one commit with {@code files}, a
   * map from slash-separated path to UTF-8 content. The owner administers the repository.
   */
  public FakeRepository createRepository(
      String owner, String name, String defaultBranch, Map<String, String> files) {
    if (!BareRepositories.isValidName(owner) || !BareRepositories.isValidName(name)) {
      throw new IllegalArgumentException("Not a valid owner/name: " + owner + "/" + name);
    }
    // Git first, so that a failure (a directory left by an earlier run, say) leaves nothing half
    // made.
    repositories.create(
        owner,
        name,
        defaultBranch,
        files,
        new PersonIdent(owner, owner + "@users.noreply.github.com"));
    state.addRepository(owner, name, defaultBranch);
    return new FakeRepository(
        owner, name, defaultBranch, urls.clone(owner, name), urls.htmlRepository(owner, name));
  }

  /**
   * Serves a bare repository built elsewhere, moved here from {@code bareRepository} (on the same
   * file system): for repositories too large to build through {@link #createRepository}, such as
   * the benchmarks' synthetic one. The owner administers it.
   */
  public FakeRepository adoptRepository(
      String owner, String name, String defaultBranch, Path bareRepository) {
    if (!BareRepositories.isValidName(owner) || !BareRepositories.isValidName(name)) {
      throw new IllegalArgumentException("Not a valid owner/name: " + owner + "/" + name);
    }
    repositories.adopt(owner, name, bareRepository);
    state.addRepository(owner, name, defaultBranch);
    return new FakeRepository(
        owner, name, defaultBranch, urls.clone(owner, name), urls.htmlRepository(owner, name));
  }

  /**
   * Sets {@code branch} to a commit on top of the default branch whose files are exactly {@code
   * files}, as if someone had pushed it.
   */
  public void pushBranch(String owner, String name, String branch, Map<String, String> files) {
    String defaultBranch =
        state
            .repository(owner, name)
            .orElseThrow(() -> new IllegalArgumentException("No repository " + owner + "/" + name))
            .defaultBranch();
    repositories.commitBranch(
        owner,
        name,
        defaultBranch,
        branch,
        files,
        new PersonIdent(owner, owner + "@users.noreply.github.com"));
  }

  /**
   * Adds or replaces {@code files} (slash-separated path to UTF-8 content) on {@code branch} in one
   * new commit on top of it, keeping every other file, as if someone had pushed a small change; the
   * contents API serves them from then on. It sends no webhook: a test that wants the {@code push}
   * delivery sends it itself.
   */
  public void commitFiles(String owner, String name, String branch, Map<String, String> files) {
    repositories.commitFiles(
        owner, name, branch, files, new PersonIdent(owner, owner + "@users.noreply.github.com"));
  }

  /**
   * A GitHub Actions workflow {@code check} that completed on commit {@code sha} with {@code
   * conclusion} ({@code success}, {@code failure}, …): its check suite, its check run reporting
   * {@code output}, its workflow run and its job's {@code log}. Returns the check run's id, which
   * is the job's.
   */
  public long completeCheck(
      String owner,
      String name,
      String sha,
      String check,
      String conclusion,
      String output,
      String log) {
    return state.checks().complete(owner + "/" + name, sha, check, conclusion, output, log).id();
  }

  /** A check suite of {@code app} on commit {@code sha} that is queued and never completes. */
  public void queueCheckSuite(String owner, String name, String sha, String app) {
    state.checks().queued(owner + "/" + name, sha, app);
  }

  /** A file's UTF-8 content at {@code ref} (branch, tag or commit), if there is such a file. */
  public Optional<String> file(String owner, String name, String ref, String path) {
    return repositories
        .readFile(owner, name, ref, path)
        .map(file -> new String(file.content(), java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The message of the commit at {@code ref} (branch, tag or commit), if there is one. */
  public Optional<String> commitMessage(String owner, String name, String ref) {
    return repositories.commitMessage(owner, name, ref);
  }

  /** The commit {@code branch} points at, if the branch exists. */
  public Optional<String> branchHead(String owner, String name, String branch) {
    return repositories.branchHead(owner, name, branch).map(org.eclipse.jgit.lib.ObjectId::name);
  }

  /** Opens an issue written by the repository's owner. */
  public FakeIssue openIssue(String owner, String name, String title, String body) {
    return openIssue(owner, name, title, body, owner);
  }

  public FakeIssue openIssue(String owner, String name, String title, String body, String author) {
    IssueRecord issue = state.openIssue(owner, name, title, body, author);
    return new FakeIssue(issue.number(), title, body, author, urls.htmlIssue(owner, name, issue));
  }

  /** Adds a comment as {@code user}, as a person commenting on the web site would. */
  public FakeComment addComment(
      String owner, String name, int issueNumber, String user, String body) {
    return state.addComment(owner, name, issueNumber, user, body);
  }

  /**
   * Keeps a file as GitHub keeps one dragged into an issue or comment, and returns the URL a person
   * would paste into the text, {@code http://127.0.0.1:PORT/user-attachments/assets/<id>}. That URL
   * answers only with a token, as a private repository's does; the issue's or comment's {@code
   * body_html} shows the file through a signed {@code /private-user-images/...?jwt=...} link that
   * answers without one for five minutes.
   *
   * @param contentType the type the file is served with, whatever its bytes are
   */
  public String uploadAttachment(String fileName, String contentType, byte[] content) {
    return attachments.upload(fileName, contentType, content);
  }

  /** Every request for an attached file so far, oldest first. */
  public List<AttachmentDownload> attachmentDownloads() {
    return attachments.downloads();
  }

  /**
   * Opens a pull request of {@code head} into {@code base}, as Kaka's account; returns its number.
   */
  public int openPullRequest(String owner, String name, String title, String head, String base) {
    return state
        .openPullRequestUnlessDuplicate(
            owner, name, title, "", BOT_LOGIN, new IssueRecord.PullBranches(head, base, false))
        .orElseThrow(() -> new IllegalStateException("a pull request of " + head + " is open"))
        .number();
  }

  /** Closes pull request {@code number} without merging it, as someone on GitHub would. */
  public void closePullRequest(String owner, String name, int number) {
    state.closePullRequest(owner, name, number, false);
  }

  /**
   * Marks pull request {@code number} merged, and so closed; its branches stay as they are, so a
   * later commit on its head can be the head of a new pull request.
   */
  public void mergePullRequest(String owner, String name, int number) {
    state.closePullRequest(owner, name, number, true);
  }

  /** Every pull request of the repository, oldest first. */
  public List<FakePullRequest> pullRequests(String owner, String name) {
    return state.pullRequests(owner, name).stream()
        .map(
            pull ->
                new FakePullRequest(
                    pull.number(),
                    pull.title(),
                    pull.body(),
                    pull.pull().head(),
                    pull.pull().base(),
                    pull.state(),
                    pull.pull().draft(),
                    pull.author(),
                    urls.htmlIssue(owner, name, pull)))
        .toList();
  }

  /**
   * When issue or pull request {@code number} was opened, by this fake's clock (the system's UTC
   * clock).
   */
  public Instant openedAt(String owner, String name, int number) {
    return state
        .issue(owner, name, number)
        .orElseThrow(
            () -> new IllegalArgumentException("No issue #" + number + " in " + owner + "/" + name))
        .createdAt();
  }

  /** The comments of an issue or pull request, oldest first. */
  public List<FakeComment> comments(String owner, String name, int issueNumber) {
    return state.comments(owner, name, issueNumber);
  }

  /**
   * Submits a review of pull request {@code number} by {@code reviewer}, with its own text and
   * {@code comments} on lines of the pull request's files ({@link FakeReviewComment#draft}), as a
   * person finishing a review on the web site would. It sends no webhook: a test sends the {@code
   * pull_request_review} delivery, and the {@code pull_request_review_comment} ones, itself.
   */
  public FakeReview submitReview(
      String owner,
      String name,
      int number,
      String reviewer,
      String body,
      List<FakeReviewComment> comments) {
    state
        .issue(owner, name, number)
        .filter(IssueRecord::isPullRequest)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "No pull request #" + number + " in " + owner + "/" + name));
    return state.reviews().submit(owner + "/" + name, number, reviewer, body, comments);
  }

  /** The label names of an issue or pull request, in the order they were added. */
  public List<String> labels(String owner, String name, int issueNumber) {
    IssueRecord issue =
        state
            .issue(owner, name, issueNumber)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "No issue #" + issueNumber + " in " + owner + "/" + name));
    return issue.labels().stream().map(Label::name).toList();
  }

  /**
   * Sets what the collaborator permission endpoint reports for {@code user}: {@code admin}, {@code
   * maintain}, {@code write}, {@code triage}, {@code read} or {@code none}. By default the owner is
   * admin, the bot may write and everyone else has none. For {@value #BOT_LOGIN} it also decides
   * git pushes: with {@code read} or {@code none} they are refused with 403, as GitHub refuses a
   * token without write access.
   */
  public void setPermission(String owner, String name, String user, String permission) {
    state.setPermission(owner, name, user, permission);
  }

  /**
   * How many REST calls asked for a collaborator's permission on the repository, answered or not.
   */
  public int permissionCalls(String owner, String name) {
    return calls.count("GET", "/repos/" + owner + "/" + name + "/collaborators/");
  }

  /** Every REST call the fake received so far, oldest first, with the credential it used. */
  public List<ApiCall> apiCalls() {
    return calls.calls();
  }

  /**
   * The REST calls made for {@code task} so far (those whose {@value ApiCall#TASK_HEADER} header
   * named it), oldest first.
   */
  public TaskCalls apiCallsFor(String task) {
    return TaskCalls.of(calls.callsFor(task));
  }

  /**
   * Registers a GitHub App with a new 2048-bit RSA key. Its bot user is {@code slug[bot]}; the App
   * itself is shown as owned by a user named like its slug.
   *
   * @param permissions what the App was granted, in GitHub's names and levels, e.g. {@code
   *     Map.of("contents", "write", "issues", "write", "metadata", "read")}; {@code metadata: read}
   *     is added when missing, as every App has it
   */
  public FakeGitHubApp registerApp(long appId, String slug, Map<String, String> permissions) {
    if (!BareRepositories.isValidName(slug)) {
      throw new IllegalArgumentException("Not a valid App slug: " + slug);
    }
    FakeGitHubApp app =
        new FakeGitHubApp(
            appId,
            slug,
            permissions,
            users.id(slug + FakeGitHubApp.BOT_SUFFIX),
            AppKeys.generate(),
            new Installations(apps::nextInstallationId, clock));
    apps.register(app);
    return app;
  }

  /**
   * Answers the next {@code count} REST calls, whatever they are, with {@code status} and a JSON
   * error.
   */
  public void failNextApiCalls(int count, int status) {
    faults.failNext(count, status);
  }

  /**
   * Answers the next {@code count} REST calls as GitHub does when the rate limit is exhausted: 403
   * with {@code X-RateLimit-Remaining: 0}, {@code X-RateLimit-Reset} and {@code Retry-After} that
   * far ahead (whole seconds, rounded up). github-api's default handler waits that long and
   * retries.
   */
  public void rateLimitNextApiCalls(int count, Duration retryAfter) {
    faults.rateLimitNext(count, retryAfter);
  }

  /**
   * Holds every token and App installation to {@code limits} from now on, counting afresh: a write
   * over them is answered 403 with {@code Retry-After}, as GitHub answers a secondary rate limit.
   * {@code null} lifts them.
   */
  public void enforceSecondaryLimits(SecondaryLimits limits) {
    secondaryLimits.enforce(limits);
  }

  /** How many writes were refused for a secondary rate limit so far. */
  public int secondaryLimitAnswers() {
    return secondaryLimits.refused();
  }

  @Override
  public void close() {
    server.close();
  }
}
