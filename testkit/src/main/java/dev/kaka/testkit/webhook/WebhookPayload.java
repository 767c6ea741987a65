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

  /** What a {@code push} updated, such as {@code refs/heads/main}. */
  public WebhookPayload ref(String ref) {
    body.put("ref", ref);
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
