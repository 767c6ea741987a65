package dev.kaka.testkit.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kohsuke.github.GHContent;
import org.kohsuke.github.GHFileNotFoundException;
import org.kohsuke.github.GHIssue;
import org.kohsuke.github.GHIssueComment;
import org.kohsuke.github.GHIssueState;
import org.kohsuke.github.GHLabel;
import org.kohsuke.github.GHMyself;
import org.kohsuke.github.GHPermissionType;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.HttpException;

/**
 * The REST API of the fake, driven by the real github-api client (and JGit where branches are
 * needed).
 */
class FakeGitHubApiTest {

  private static final String TOKEN = "ghs_api_token";

  @TempDir Path tempDir;

  private FakeGitHub github;
  private GitHub client;
  private GHRepository repo;

  @BeforeEach
  void startFake() throws IOException {
    github = FakeGitHub.start(tempDir.resolve("fake"), TOKEN);
    github.createRepository(
        "acme",
        "widgets",
        "main",
        Map.of("README.md", "# Widgets\n", ".kaka/settings.yml", "model: small\n"));
    client = new GitHubBuilder().withEndpoint(github.apiUrl()).withOAuthToken(TOKEN).build();
    repo = client.getRepository("acme/widgets");
  }

  @AfterEach
  void stopFake() {
    github.close();
  }

  @Test
  void apiUrlIsUnderApiV3() {
    assertThat(github.apiUrl()).isEqualTo("http://127.0.0.1:" + github.port() + "/api/v3");
  }

  @Test
  void theTokenBelongsToTheBot() throws IOException {
    GHMyself myself = client.getMyself();

    assertThat(myself.getLogin()).isEqualTo(FakeGitHub.BOT_LOGIN);
    assertThat(myself.getType()).isEqualTo("Bot");
  }

  @Test
  void describesTheRepository() throws IOException {
    assertThat(repo.getName()).isEqualTo("widgets");
    assertThat(repo.getFullName()).isEqualTo("acme/widgets");
    assertThat(repo.getOwnerName()).isEqualTo("acme");
    assertThat(repo.getDefaultBranch()).isEqualTo("main");
    assertThat(repo.getHttpTransportUrl()).isEqualTo(github.cloneUrl("acme", "widgets"));
    assertThat(repo.getHtmlUrl())
        .hasToString("http://127.0.0.1:" + github.port() + "/acme/widgets");
    assertThat(repo.hasPushAccess()).isTrue();
    assertThat(repo.hasAdminAccess()).isFalse();
  }

  @Test
  void anUnknownRepositoryIsNotFound() {
    assertThatThrownBy(() -> client.getRepository("acme/missing"))
        .isInstanceOf(GHFileNotFoundException.class)
        .hasMessageContaining("Not Found");
  }

  @Test
  void aWrongTokenGetsBadCredentials() throws IOException {
    GitHub intruder =
        new GitHubBuilder().withEndpoint(github.apiUrl()).withOAuthToken("wrong").build();

    assertThatThrownBy(() -> intruder.getRepository("acme/widgets"))
        .isInstanceOfSatisfying(
            HttpException.class, e -> assertThat(e.getResponseCode()).isEqualTo(401))
        .hasMessageContaining("Bad credentials");
  }

  @Test
  void readsAnIssueOpenedByATest() throws IOException {
    FakeIssue opened =
        github.openIssue("acme", "widgets", "Widgets are blue", "They should be red.", "alice");

    GHIssue issue = repo.getIssue(opened.number());

    assertThat(opened.number()).isEqualTo(1);
    assertThat(issue.getTitle()).isEqualTo("Widgets are blue");
    assertThat(issue.getBody()).isEqualTo("They should be red.");
    assertThat(issue.getState()).isEqualTo(GHIssueState.OPEN);
    assertThat(issue.getUser().getLogin()).isEqualTo("alice");
    assertThat(issue.isPullRequest()).isFalse();
    assertThat(issue.getHtmlUrl()).hasToString(opened.htmlUrl());
    assertThat(issue.getCreatedAt()).isNotNull();
  }

  @Test
  void anUnknownIssueIsNotFound() {
    assertThatThrownBy(() -> repo.getIssue(42)).isInstanceOf(GHFileNotFoundException.class);
  }

  @Test
  void commentsListsAndEditsComments() throws IOException {
    int number = github.openIssue("acme", "widgets", "Title", "Body").number();
    GHIssue issue = repo.getIssue(number);

    GHIssueComment posted = issue.comment("Working on it");
    posted.update("Done: see the pull request");

    List<GHIssueComment> listed = issue.listComments().toList();
    assertThat(listed)
        .singleElement()
        .satisfies(
            comment -> {
              assertThat(comment.getId()).isEqualTo(posted.getId());
              assertThat(comment.getBody()).isEqualTo("Done: see the pull request");
              assertThat(comment.getUser().getLogin()).isEqualTo(FakeGitHub.BOT_LOGIN);
            });
    assertThat(github.comments("acme", "widgets", number))
        .singleElement()
        .satisfies(
            comment -> {
              assertThat(comment.id()).isEqualTo(posted.getId());
              assertThat(comment.user()).isEqualTo(FakeGitHub.BOT_LOGIN);
              assertThat(comment.body()).isEqualTo("Done: see the pull request");
              assertThat(comment.editCount()).isEqualTo(1);
              assertThat(comment.updatedAt()).isAfterOrEqualTo(comment.createdAt());
            });
    assertThat(repo.getIssue(number).getCommentsCount()).isEqualTo(1);
  }

  @Test
  void keepsEveryCommentPostedConcurrently() throws Exception {
    GHIssue issue = repo.getIssue(github.openIssue("acme", "widgets", "Title", "Body").number());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<GHIssueComment>> posts =
          IntStream.range(0, 40)
              .mapToObj(i -> pool.submit(() -> issue.comment("comment " + i)))
              .toList();
      for (Future<GHIssueComment> post : posts) {
        post.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(github.comments("acme", "widgets", issue.getNumber()))
        .hasSize(40)
        .extracting(FakeComment::id)
        .doesNotHaveDuplicates();
  }

  @Test
  void pagesThroughManyComments() throws IOException {
    int number = github.openIssue("acme", "widgets", "Busy issue", "").number();
    IntStream.rangeClosed(1, 25)
        .forEach(i -> github.addComment("acme", "widgets", number, "bob", "comment " + i));

    List<GHIssueComment> comments = repo.getIssue(number).listComments().withPageSize(10).toList();

    assertThat(comments)
        .extracting(GHIssueComment::getBody)
        .containsExactlyElementsOf(
            IntStream.rangeClosed(1, 25).mapToObj(i -> "comment " + i).toList());
  }

  @Test
  void linksToTheNextAndLastPage() throws Exception {
    int number = github.openIssue("acme", "widgets", "Busy issue", "").number();
    IntStream.rangeClosed(1, 5)
        .forEach(i -> github.addComment("acme", "widgets", number, "bob", "c" + i));
    String comments = github.apiUrl() + "/repos/acme/widgets/issues/" + number + "/comments";

    HttpResponse<String> page = get(comments + "?per_page=2&page=2");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("\"c3\"", "\"c4\"").doesNotContain("\"c5\"");
    assertThat(page.headers().firstValue("Link"))
        .hasValue(
            String.join(
                ", ",
                "<" + comments + "?per_page=2&page=3>; rel=\"next\"",
                "<" + comments + "?per_page=2&page=3>; rel=\"last\"",
                "<" + comments + "?per_page=2&page=1>; rel=\"first\"",
                "<" + comments + "?per_page=2&page=1>; rel=\"prev\""));
  }

  @Test
  void readsASingleCommentById() throws Exception {
    int number = github.openIssue("acme", "widgets", "Title", "Body").number();
    FakeComment comment = github.addComment("acme", "widgets", number, "carol", "/kaka retry");

    HttpResponse<String> response =
        get(github.apiUrl() + "/repos/acme/widgets/issues/comments/" + comment.id());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(response.body())
        .contains("\"id\":" + comment.id(), "\"body\":\"/kaka retry\"", "\"login\":\"carol\"");
  }

  @Test
  void addsAndRemovesLabels() throws IOException {
    int number = github.openIssue("acme", "widgets", "Title", "Body").number();
    GHIssue issue = repo.getIssue(number);

    issue.addLabels("kaka:working", "bug");
    assertThat(repo.getIssue(number).getLabels())
        .extracting(GHLabel::getName)
        .containsExactly("kaka:working", "bug");

    issue.removeLabel("kaka:working");
    assertThat(github.labels("acme", "widgets", number)).containsExactly("bug");
    assertThatThrownBy(() -> issue.removeLabel("kaka:working"))
        .isInstanceOf(GHFileNotFoundException.class);
  }

  @Test
  void opensAPullRequestForAPushedBranchOnlyOnce() throws Exception {
    github.openIssue("acme", "widgets", "Widgets are blue", "They should be red.");
    pushBranch("kaka/issue-1");
    assertThat(
            repo.queryPullRequests()
                .head("acme:kaka/issue-1")
                .base("main")
                .state(GHIssueState.OPEN)
                .list()
                .toList())
        .isEmpty();

    GHPullRequest created =
        repo.createPullRequest("Make widgets red", "kaka/issue-1", "main", "Closes #1", true, true);

    assertThat(created.getNumber()).isEqualTo(2);
    assertThat(created.getHead().getRef()).isEqualTo("kaka/issue-1");
    assertThat(created.getHead().getSha()).hasSize(40);
    assertThat(created.getBase().getRef()).isEqualTo("main");
    assertThat(created.isDraft()).isTrue();
    assertThat(created.getHtmlUrl())
        .hasToString("http://127.0.0.1:" + github.port() + "/acme/widgets/pull/2");
    assertThat(
            repo.queryPullRequests()
                .head("acme:kaka/issue-1")
                .base("main")
                .state(GHIssueState.OPEN)
                .list()
                .toList())
        .extracting(GHPullRequest::getNumber)
        .containsExactly(2);
    assertThat(repo.queryPullRequests().head("acme:other").list().toList()).isEmpty();
    assertThat(repo.getPullRequest(2).getTitle()).isEqualTo("Make widgets red");
    assertThat(repo.getIssue(2).isPullRequest()).isTrue();
    assertThat(github.pullRequests("acme", "widgets"))
        .containsExactly(
            new FakePullRequest(
                2,
                "Make widgets red",
                "Closes #1",
                "kaka/issue-1",
                "main",
                "open",
                true,
                FakeGitHub.BOT_LOGIN,
                created.getHtmlUrl().toString()));

    assertThatThrownBy(() -> repo.createPullRequest("Again", "acme:kaka/issue-1", "main", ""))
        .isInstanceOfSatisfying(
            HttpException.class, e -> assertThat(e.getResponseCode()).isEqualTo(422))
        .hasMessageContaining("A pull request already exists for acme:kaka/issue-1.");
  }

  @Test
  void refusesAPullRequestFromABranchThatWasNeverPushed() {
    assertThatThrownBy(() -> repo.createPullRequest("Nothing", "kaka/issue-9", "main", ""))
        .isInstanceOfSatisfying(
            HttpException.class, e -> assertThat(e.getResponseCode()).isEqualTo(422))
        .hasMessageContaining("\"field\":\"head\"");
    assertThat(github.pullRequests("acme", "widgets")).isEmpty();
  }

  @Test
  void refusesAPullRequestWithoutCommits() throws Exception {
    try (LocalClone clone =
        LocalClone.of(github.cloneUrl("acme", "widgets"), tempDir.resolve("clone"), TOKEN)) {
      clone.checkoutNewBranch("empty");
      clone.push("empty");
    }

    assertThatThrownBy(() -> repo.createPullRequest("Empty", "empty", "main", ""))
        .isInstanceOfSatisfying(
            HttpException.class, e -> assertThat(e.getResponseCode()).isEqualTo(422))
        .hasMessageContaining("No commits between main and empty");
  }

  @Test
  void aPlainIssueIsNoPullRequest() {
    github.openIssue("acme", "widgets", "Title", "Body");

    assertThatThrownBy(() -> repo.getPullRequest(1)).isInstanceOf(GHFileNotFoundException.class);
  }

  @Test
  void readsFilesFromTheGitRepository() throws Exception {
    GHContent settings = repo.getFileContent(".kaka/settings.yml");
    assertThat(settings.getContent()).isEqualTo("model: small\n");
    assertThat(settings.getPath()).isEqualTo(".kaka/settings.yml");

    pushBranch("feature");
    assertThat(repo.getFileContent("src/Widget.java", "feature").getContent())
        .isEqualTo("class Widget {}\n");
    assertThatThrownBy(() -> repo.getFileContent("src/Widget.java", "main"))
        .isInstanceOf(GHFileNotFoundException.class);
  }

  @Test
  void servesAFileCommittedOnTheDefaultBranchAndKeepsTheOthers() throws Exception {
    String before = github.branchHead("acme", "widgets", "main").orElseThrow();

    github.commitFiles(
        "acme", "widgets", "main", Map.of(".github/kaka.yml", "agent:\n  max-turns: 5\n"));

    assertThat(repo.getFileContent(".github/kaka.yml").getContent())
        .isEqualTo("agent:\n  max-turns: 5\n");
    assertThat(repo.getFileContent("README.md").getContent()).isEqualTo("# Widgets\n");
    assertThat(github.branchHead("acme", "widgets", "main")).isPresent().get().isNotEqualTo(before);
    github.commitFiles(
        "acme", "widgets", "main", Map.of(".github/kaka.yml", "agent:\n  max-turns: 6\n"));
    assertThat(repo.getFileContent(".github/kaka.yml", "main").getContent())
        .isEqualTo("agent:\n  max-turns: 6\n");
  }

  @Test
  void reportsCollaboratorPermissions() throws IOException {
    assertThat(repo.getPermission("acme")).isEqualTo(GHPermissionType.ADMIN);
    assertThat(repo.getPermission(FakeGitHub.BOT_LOGIN)).isEqualTo(GHPermissionType.WRITE);
    assertThat(repo.getPermission("mallory")).isEqualTo(GHPermissionType.NONE);

    github.setPermission("acme", "widgets", "mallory", "read");
    github.setPermission("acme", "widgets", "dave", "write");

    assertThat(repo.getPermission("mallory")).isEqualTo(GHPermissionType.READ);
    assertThat(repo.getPermission("dave")).isEqualTo(GHPermissionType.WRITE);
    assertThatThrownBy(() -> github.setPermission("acme", "widgets", "dave", "owner"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unknownEndpointsAreNotFound() throws Exception {
    HttpResponse<String> response = get(github.apiUrl() + "/repos/acme/widgets/releases");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("\"message\":\"Not Found\"");
  }

  private void pushBranch(String branch) throws Exception {
    try (LocalClone clone =
        LocalClone.of(github.cloneUrl("acme", "widgets"), tempDir.resolve(branch), TOKEN)) {
      clone.checkoutNewBranch(branch);
      clone.commit("src/Widget.java", "class Widget {}\n", "Add a widget");
      clone.push(branch);
    }
  }

  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aConditionalRequestForAnUnchangedAnswerIsAnswered304AndCostsNoPrimaryBudget()
      throws Exception {
    GHIssue issue = issue();
    String url = github.apiUrl() + "/repos/acme/widgets/issues/" + issue.getNumber();
    HttpResponse<String> first = send(HttpRequest.newBuilder(URI.create(url)), "task-1");
    String etag = first.headers().firstValue("ETag").orElseThrow();

    HttpResponse<String> again =
        send(HttpRequest.newBuilder(URI.create(url)).header("If-None-Match", etag), "task-1");
    issue.comment("a change");
    HttpResponse<String> changed =
        send(HttpRequest.newBuilder(URI.create(url)).header("If-None-Match", etag), "task-1");

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(changed.statusCode()).isEqualTo(200);
    TaskCalls calls = github.apiCallsFor("task-1");
    assertThat(calls.calls())
        .extracting(ApiCall::endpoint)
        .containsOnly("/repos/{owner}/{repo}/issues/{number}");
    assertThat(calls.primary()).isEqualTo(2);
    assertThat(calls.notModified()).isEqualTo(1);
    assertThat(calls.contentCreating()).isZero();
  }

  @Test
  void countsEachTasksWritesByEndpointAndLeavesUntaggedCallsOut() throws Exception {
    String comments =
        github.apiUrl() + "/repos/acme/widgets/issues/" + issue().getNumber() + "/comments";
    HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofString("{\"body\":\"hi\"}");

    send(HttpRequest.newBuilder(URI.create(comments)).POST(body), "task-2");
    send(HttpRequest.newBuilder(URI.create(comments)).POST(body), null);

    TaskCalls calls = github.apiCallsFor("task-2");
    assertThat(calls.contentCreating()).isEqualTo(1);
    assertThat(calls.primary()).isEqualTo(1);
    assertThat(calls.byEndpoint())
        .containsOnlyKeys("POST /repos/{owner}/{repo}/issues/{number}/comments");
  }

  private GHIssue issue() throws IOException {
    return repo.getIssue(github.openIssue("acme", "widgets", "Counted", "body").number());
  }

  private HttpResponse<String> send(HttpRequest.Builder request, String task)
      throws IOException, InterruptedException {
    request.header("Authorization", "Bearer " + TOKEN);
    if (task != null) {
      request.header(ApiCall.TASK_HEADER, task);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void remembersWhenAnIssueWasOpened() {
    java.time.Instant before = java.time.Instant.now();
    FakeIssue issue = github.openIssue("acme", "widgets", "Timed", "body");
    java.time.Instant after = java.time.Instant.now();

    assertThat(github.openedAt("acme", "widgets", issue.number())).isBetween(before, after);
  }
}
