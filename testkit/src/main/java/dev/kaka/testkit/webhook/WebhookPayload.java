package dev.kaka.testkit.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real GitHub webhook payload (copies of the examples GitHub publishes, see the README beside
 * them), adjusted to point at a test or sandbox repository, and signed like GitHub signs it.
 */
public final class WebhookPayload {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String event;
  private final ObjectNode body;

  private WebhookPayload(String event, ObjectNode body) {
    this.event = event;
    this.body = body;
  }

  /**
   * {@code issues.labeled.json}: the label {@code bug} added to issue #1 of Codertocat/Hello-World.
   */
  public static WebhookPayload issueLabeled() {
    return load("issues", "issues.labeled.json");
  }

  /** {@code issue_comment.created.issue.json}: an OWNER's comment on issue #1. */
  public static WebhookPayload issueCommentCreated() {
    return load("issue_comment", "issue_comment.created.issue.json");
  }

  /** {@code push.json}: a push to {@code refs/tags/simple-tag} of Codertocat/Hello-World. */
  public static WebhookPayload push() {
    return load("push", "push.json");
  }

  /**
   * {@code check_suite.completed.json}: a check suite that passed on the head of pull request #2 of
   * Codertocat/Hello-World.
   */
  public static WebhookPayload checkSuiteCompleted() {
    return load("check_suite", "check_suite.completed.json");
  }

  /**
   * A {@code pull_request_review} submitted on pull request #2 of Codertocat/Hello-World by its
   * sender, an {@code OWNER}: {@code pull_request.opened.json} with a review of the shape of
   * octokit/webhooks' {@code pull_request_review/submitted.payload.json}.
   *
   * @param reviewBody the review's own text; null for none, as GitHub sends a review of comments
   *     only
   */
  public static WebhookPayload reviewSubmitted(long reviewId, String reviewBody) {
    WebhookPayload payload = onPullRequest("pull_request_review", "submitted");
    ObjectNode pull = (ObjectNode) payload.body.path("pull_request");
    ObjectNode review = payload.body.putObject("review");
    review.put("id", reviewId);
    review.put("node_id", "PRR_" + reviewId);
    review.set("user", payload.body.path("sender").deepCopy());
    review.put("body", reviewBody);
    review.put("commit_id", pull.path("head").path("sha").asString());
    review.put("submitted_at", "2019-05-15T15:20:38Z");
    review.put("state", "commented");
    review.put("html_url", pull.path("html_url").asString() + "#pullrequestreview-" + reviewId);
    review.put("pull_request_url", pull.path("url").asString());
    review.put("author_association", "OWNER");
    return payload;
  }

  /**
   * A {@code pull_request_review_comment} created on pull request #2 of Codertocat/Hello-World by
   * its sender, an {@code OWNER}, as part of review {@code reviewId}, as GitHub delivers each
   * comment of a submitted review: {@code pull_request.opened.json} with a comment of the shape of
   * octokit/webhooks' {@code pull_request_review_comment/created.payload.json}.
   */
  public static WebhookPayload reviewCommentCreated(
      long reviewId, long commentId, String path, int line, String commentBody) {
    WebhookPayload payload = onPullRequest("pull_request_review_comment", "created");
    ObjectNode pull = (ObjectNode) payload.body.path("pull_request");
    String pullUrl = pull.path("url").asString();
    ObjectNode comment = payload.body.putObject("comment");
    comment.put("url", pullUrl.replaceFirst("/\\d+$", "/comments/" + commentId));
    comment.put("pull_request_review_id", reviewId);
    comment.put("id", commentId);
    comment.put("diff_hunk", "@@ -1 +1 @@");
    comment.put("path", path);
    comment.put("commit_id", pull.path("head").path("sha").asString());
    comment.set("user", payload.body.path("sender").deepCopy());
    comment.put("body", commentBody);
    comment.put("created_at", "2019-05-15T15:20:37Z");
    comment.put("html_url", pull.path("html_url").asString() + "#discussion_r" + commentId);
    comment.put("pull_request_url", pullUrl);
    comment.put("author_association", "OWNER");
    comment.putNull("start_line");
    comment.put("line", line);
    comment.put("original_line", line);
    comment.put("side", "RIGHT");
    return payload;
  }

  private static WebhookPayload onPullRequest(String event, String action) {
    WebhookPayload payload = load(event, "pull_request.opened.json");
    payload.body.put("action", action);
    payload.body.remove("number");
    return payload;
  }

  public static WebhookPayload ping() {
    return load("ping", "ping.json");
  }

  /** Any payload, for example one read from a file. */
  public static WebhookPayload of(String event, ObjectNode body) {
    return new WebhookPayload(event, body);
  }

  public static WebhookPayload load(String event, String resourceName) {
    try (InputStream in = WebhookPayload.class.getResourceAsStream("payloads/" + resourceName)) {
      if (in == null) {
        throw new IllegalArgumentException("no payload " + resourceName);
      }
      return new WebhookPayload(event, (ObjectNode) JSON.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String event() {
    return event;
  }

  public ObjectNode json() {
    return body;
  }

  public WebhookPayload label(String name) {
    ((ObjectNode) body.path("label")).put("name", name);
    return this;
  }

  public WebhookPayload repository(
      String owner, String name, String cloneUrl, String defaultBranch) {
    ObjectNode repository = (ObjectNode) body.path("repository");
    repository.put("name", name);
    repository.put("full_name", owner + "/" + name);
    repository.put("clone_url", cloneUrl);
    repository.put("default_branch", defaultBranch);
    ((ObjectNode) repository.path("owner")).put("login", owner);
    return this;
  }

  public WebhookPayload issue(int number, String title, String issueBody) {
    ObjectNode issue = (ObjectNode) body.path("issue");
    issue.put("number", number);
    issue.put("title", title);
    issue.put("body", issueBody);
    issue.put("html_url", issue.path("html_url").asString().replaceFirst("/\\d+$", "/" + number));
    return this;
  }

  /** How many comments are under the issue, as GitHub counts them in the payload. */
  public WebhookPayload commentCount(int count) {
    ((ObjectNode) body.path("issue")).put("comments", count);
    return this;
  }

  /** What a {@code push} updated, such as {@code refs/heads/main}. */
  public WebhookPayload ref(String ref) {
    body.put("ref", ref);
    return this;
  }

  /**
   * The check suite ended with {@code conclusion} on commit {@code headSha}, the head of pull
   * request {@code number} whose branch is {@code branch}.
   */
  public WebhookPayload checkSuite(String conclusion, String headSha, int number, String branch) {
    ObjectNode suite = (ObjectNode) body.path("check_suite");
    suite.put("conclusion", conclusion);
    suite.put("head_sha", headSha);
    suite.put("after", headSha);
    suite.put("head_branch", branch);
    ObjectNode pull = (ObjectNode) suite.path("pull_requests").path(0);
    pull.put("number", number);
    ((ObjectNode) pull.path("head")).put("sha", headSha).put("ref", branch);
    return this;
  }

  /** Points a delivery about a pull request at pull request {@code number} of the repository. */
  public WebhookPayload pullRequest(int number, String title, String description, String htmlUrl) {
    ObjectNode pull = (ObjectNode) body.path("pull_request");
    pull.put("number", number);
    pull.put("title", title);
    pull.put("body", description);
    pull.put("html_url", htmlUrl);
    return this;
  }

  public WebhookPayload comment(String commentBody) {
    ((ObjectNode) body.path("comment")).put("body", commentBody);
    return this;
  }

  public byte[] bytes() {
    return JSON.writeValueAsBytes(body);
  }

  /** The {@code X-Hub-Signature-256} value GitHub would send with {@code body}. */
  public static String signature(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
