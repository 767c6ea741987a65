package dev.kaka.ingress.webhook;

import dev.kaka.common.event.IssueTriggered;
import dev.kaka.ingress.trigger.TriggerDecision;
import dev.kaka.ingress.webhook.WebhookIntake.Verdict;
import dev.kaka.testkit.webhook.WebhookPayload;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generators for the fuzz properties: real GitHub payloads (testkit {@link WebhookPayload}), byte
 * and structure mutations of them, hostile values, and who signs them; plus the oracle that says
 * what a task started from such a delivery must satisfy.
 */
final class HostileDeliveries {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private HostileDeliveries() {}

  /** A real payload and the event GitHub sends it as. */
  record Sample(String name, String event, byte[] bytes) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Arbitrary<Sample> samples() {
    List<Supplier<Sample>> samples =
        List.of(
            () ->
                sample("labeled, global scope", IntakeFixture.labeled("Codertocat", "Hello-World")),
            () -> sample("labeled, owner scope", IntakeFixture.labeled("octo", "demo")),
            () -> sample("labeled, repository scope", IntakeFixture.labeled("acme", "widgets")),
            () ->
                sample("command comment", WebhookPayload.issueCommentCreated().comment("/kaka go")),
            () ->
                sample(
                    "cancel comment", WebhookPayload.issueCommentCreated().comment("/kaka cancel")),
            () ->
                sample(
                    "command on a pull request",
                    WebhookPayload.load("issue_comment", "issue_comment.created.pr.json")
                        .comment("/kaka more tests")),
            () -> sample("issue opened", WebhookPayload.load("issues", "issues.opened.json")),
            () -> sample("ping", WebhookPayload.ping()),
            () ->
                sample(
                    "pull request opened",
                    WebhookPayload.load("pull_request", "pull_request.opened.json")),
            () ->
                sample(
                    "pull request labeled, large",
                    WebhookPayload.load("pull_request", "pull_request.labeled.large.json")));
    return Arbitraries.of(samples).map(Supplier::get);
  }

  private static Sample sample(String name, WebhookPayload payload) {
    return new Sample(name, payload.event(), payload.bytes());
  }

  // ---- who signs

  /** Signs a body: with one of the configured secrets, a wrong one, garbage, or not at all. */
  record Signer(String name, String secret, String fixedHeader) {
    String sign(byte[] body) {
      return secret != null ? WebhookPayload.signature(secret, body) : fixedHeader;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** Mostly the secrets that sign the samples (most are in the global scope), so deep paths run. */
  static Arbitrary<Signer> signers() {
    Arbitrary<Signer> garbage =
        Arbitraries.strings()
            .all()
            .ofMaxLength(80)
            .map(header -> new Signer("garbage", null, header));
    return Arbitraries.frequencyOf(
        Tuple.of(12, Arbitraries.just(secret(IntakeFixture.GLOBAL_SECRET))),
        Tuple.of(3, Arbitraries.just(secret(IntakeFixture.OCTO_SECRET))),
        Tuple.of(2, Arbitraries.just(secret(IntakeFixture.OCTO_OLD_SECRET))),
        Tuple.of(3, Arbitraries.just(secret(IntakeFixture.WIDGETS_SECRET))),
        Tuple.of(1, Arbitraries.just(secret("not-a-configured-secret"))),
        Tuple.of(
            1,
            Arbitraries.of(
                new Signer("no header", null, null),
                new Signer("SHA-1 shaped", null, "sha1=" + "0".repeat(40)),
                new Signer("all zeros", null, "sha256=" + "0".repeat(64)))),
        Tuple.of(1, garbage));
  }

  private static Signer secret(String secret) {
    return new Signer(secret, secret, null);
  }

  static Arbitrary<String> contentTypes() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.just("application/json")),
        Tuple.of(2, Arbitraries.just("application/x-www-form-urlencoded")),
        Tuple.of(
            1,
            Arbitraries.of(
                "APPLICATION/JSON; charset=utf-8",
                "text/plain",
                "application/json;",
                "multipart/form-data",
                "",
                "application/jsonx")),
        Tuple.of(1, Arbitraries.strings().all().ofMaxLength(40)));
  }

  static Arbitrary<String> events() {
    return Arbitraries.frequencyOf(
        Tuple.of(
            6,
            Arbitraries.of(
                "issues", "issue_comment", "ping", "pull_request", "pull_request_review_comment")),
        Tuple.of(1, Arbitraries.strings().all().ofMaxLength(30)));
  }

  // ---- byte mutations

  enum ByteEdit {
    FLIP,
    DELETE,
    INSERT,
    DUPLICATE,
    TRUNCATE,
    SPLICE_TOKEN
  }

  /** One edit at {@code at} (a fraction of the length, so it shrinks towards the start). */
  record ByteMutation(ByteEdit edit, double at, int length, byte[] bytes) {
    byte[] apply(byte[] body) {
      int position = (int) Math.min(body.length, Math.floor(at * body.length));
      int end = Math.min(body.length, position + length);
      return switch (edit) {
        case FLIP -> {
          byte[] copy = body.clone();
          if (position < copy.length) {
            copy[position] ^= (byte) (1 << (length % 8));
          }
          yield copy;
        }
        case DELETE -> concat(slice(body, 0, position), slice(body, end, body.length));
        case INSERT, SPLICE_TOKEN ->
            concat(slice(body, 0, position), bytes, slice(body, position, body.length));
        case DUPLICATE -> concat(slice(body, 0, end), slice(body, position, body.length));
        case TRUNCATE -> slice(body, 0, position);
      };
    }

    @Override
    public String toString() {
      return edit
          + "@"
          + String.format("%.3f", at)
          + "+"
          + length
          + (bytes.length > 0 ? " " + new String(bytes, StandardCharsets.UTF_8) : "");
    }
  }

  static Arbitrary<List<ByteMutation>> byteMutations() {
    Arbitrary<Double> at = Arbitraries.doubles().between(0, 1);
    Arbitrary<Integer> length = Arbitraries.integers().between(0, 64);
    Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(16);
    Arbitrary<byte[]> tokens =
        Arbitraries.of(
                "{",
                "}",
                "[",
                "]",
                ",",
                ":",
                "\"",
                "\\",
                "null",
                "\"repository\":{\"full_name\":\"octo/demo\"},",
                "\"action\":\"labeled\",",
                "1e999999",
                "\\u0000",
                "\"\\ud800\"",
                "/kaka ",
                "..",
                "-",
                "%",
                "&payload=",
                "%7B")
            .map(token -> token.getBytes(StandardCharsets.UTF_8));
    Arbitrary<ByteMutation> mutation =
        Arbitraries.oneOf(
            Combinators.combine(
                    Arbitraries.of(
                        ByteEdit.FLIP, ByteEdit.DELETE, ByteEdit.DUPLICATE, ByteEdit.TRUNCATE),
                    at,
                    length)
                .as((edit, where, size) -> new ByteMutation(edit, where, size, new byte[0])),
            Combinators.combine(at, noise)
                .as((where, bytes) -> new ByteMutation(ByteEdit.INSERT, where, 0, bytes)),
            Combinators.combine(at, tokens)
                .as((where, bytes) -> new ByteMutation(ByteEdit.SPLICE_TOKEN, where, 0, bytes)));
    return mutation.list().ofMinSize(1).ofMaxSize(4);
  }

  static byte[] applyAll(List<ByteMutation> mutations, byte[] body) {
    byte[] result = body;
    for (ByteMutation mutation : mutations) {
      result = mutation.apply(result);
    }
    return result;
  }

  // ---- structure mutations

  /** Replaces (or removes, when {@code value} is null) the value at one of the document's paths. */
  record JsonMutation(double at, JsonNode value) {
    @Override
    public String toString() {
      String shown = value == null ? "(removed)" : value.toString();
      return String.format("%.3f", at)
          + " := "
          + (shown.length() > 60 ? shown.substring(0, 60) + "…" : shown);
    }
  }

  static Arbitrary<List<JsonMutation>> jsonMutations() {
    return Combinators.combine(Arbitraries.doubles().between(0, 1), hostileValues().injectNull(0.1))
        .as(JsonMutation::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(5);
  }

  static byte[] applyAll(List<JsonMutation> mutations, Sample sample) {
    JsonNode document = JSON.readTree(sample.bytes());
    for (JsonMutation mutation : mutations) {
      List<JsonPointer> paths = new ArrayList<>();
      collectPaths(document, JsonPointer.empty(), paths);
      JsonPointer path = paths.get((int) Math.min(paths.size() - 1, mutation.at() * paths.size()));
      JsonNode parent = document.at(path.head());
      String last = path.last().getMatchingProperty();
      if (parent instanceof ObjectNode object) {
        if (mutation.value() == null) {
          object.remove(last);
        } else {
          object.set(last, mutation.value().deepCopy());
        }
      } else if (parent instanceof ArrayNode array) {
        int index = path.last().getMatchingIndex();
        if (mutation.value() == null) {
          array.remove(index);
        } else {
          array.set(index, mutation.value().deepCopy());
        }
      }
    }
    return JSON.writeValueAsBytes(document);
  }

  private static void collectPaths(JsonNode node, JsonPointer at, List<JsonPointer> paths) {
    if (node.isObject()) {
      for (String name : node.propertyNames()) {
        JsonPointer child = at.appendProperty(name);
        paths.add(child);
        collectPaths(node.get(name), child, paths);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        JsonPointer child = at.appendIndex(i);
        paths.add(child);
        collectPaths(node.get(i), child, paths);
      }
    }
  }

  /** Values that have broken parsers and validators before, and values the rules look for. */
  static Arbitrary<JsonNode> hostileValues() {
    Arbitrary<JsonNode> strings =
        Arbitraries.oneOf(
                Arbitraries.of(
                    "",
                    " ",
                    "..",
                    "-x",
                    "--upload-pack=touch /tmp/pwned",
                    "a/b",
                    "../../etc",
                    "kaka",
                    "KAKA",
                    "/kaka",
                    "/kaka cancel",
                    "/kaka\u00a0go",
                    "labeled",
                    "created",
                    "assigned",
                    "closed",
                    "open",
                    "OWNER",
                    "NONE",
                    "Bot",
                    "kaka-bot",
                    "octo",
                    "octo/demo",
                    "acme/widgets",
                    "Codertocat",
                    "Codertocat/Hello-World",
                    "\u0000",
                    "\u202egnp.x",
                    "a\u200bb",
                    "https://evil.example/a/b.git",
                    "https://github.com/a/b.git",
                    "https://x:y@github.com/a/b.git",
                    "file:///etc/passwd",
                    "ext::sh -c id",
                    "main@{1}",
                    "refs/heads/../x",
                    "main.lock",
                    "<!-- hidden -->",
                    "line\nbreak",
                    "${jndi:ldap://x}",
                    "%2e%2e",
                    "\ud83d\ude00",
                    "x".repeat(10_000)),
                Arbitraries.strings().all().ofMaxLength(40))
            .map(NODES::stringNode);
    Arbitrary<JsonNode> numbers =
        Arbitraries.of(
            NODES.numberNode(0),
            NODES.numberNode(-1),
            NODES.numberNode(1),
            NODES.numberNode(Integer.MAX_VALUE),
            NODES.numberNode(Integer.MIN_VALUE),
            NODES.numberNode(Long.MAX_VALUE),
            NODES.numberNode(BigInteger.TWO.pow(100)),
            NODES.numberNode(1.5),
            NODES.numberNode(1e308),
            NODES.numberNode(-0.0));
    Arbitrary<JsonNode> others =
        Arbitraries.of(
            NODES.booleanNode(true),
            NODES.booleanNode(false),
            NODES.nullNode(),
            NODES.objectNode(),
            NODES.arrayNode(),
            NODES.arrayNode().add("kaka").add(1),
            NODES.objectNode().put("login", "octo").put("name", "kaka"));
    return Arbitraries.oneOf(strings, numbers, others);
  }

  // ---- the oracle

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}");
  private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,38}(\\[bot])?");

  /** The task a verdict would start, if any. */
  static Optional<IssueTriggered> taskOf(Verdict verdict) {
    if (!(verdict instanceof Verdict.Decided decided)) {
      return Optional.empty();
    }
    if (decided.decision() instanceof TriggerDecision.Accepted accepted) {
      return Optional.of(accepted.event());
    }
    if (decided.decision() instanceof TriggerDecision.FollowUp followUp) {
      return Optional.of(followUp.event());
    }
    return Optional.empty();
  }

  /**
   * What every task must satisfy, checked independently of the code under test: signed by a secret
   * of its repository's scope, and built from values git and GitHub can take safely.
   */
  static List<String> violations(IssueTriggered task, Signer signer) {
    List<String> violations = new ArrayList<>();
    String owner = task.repository().owner();
    String name = task.repository().name();
    List<String> allowed =
        owner.equalsIgnoreCase("octo")
            ? List.of(IntakeFixture.OCTO_SECRET, IntakeFixture.OCTO_OLD_SECRET)
            : List.of(IntakeFixture.secretFor(owner, name));
    if (signer.secret() == null || !allowed.contains(signer.secret())) {
      violations.add("signed by " + signer + ", not by a secret of " + owner + "/" + name);
    }
    for (String part : List.of(owner, name)) {
      if (!NAME.matcher(part).matches() || part.contains("..")) {
        violations.add("unsafe name " + part);
      }
    }
    if (task.issue().number() <= 0) {
      violations.add("issue number " + task.issue().number());
    }
    String url = task.repository().cloneUrl();
    if (!url.startsWith("https://github.com/")
        || url.contains("@")
        || url.contains("..")
        || url.chars().anyMatch(c -> c <= ' ' || c == 0x7f)
        || url.contains("?")) {
      violations.add("unsafe clone URL " + url);
    }
    String branch = task.repository().defaultBranch();
    if (branch.isEmpty()
        || branch.startsWith("-")
        || branch.contains("..")
        || branch.chars().anyMatch(c -> c <= ' ' || c == 0x7f || "~^:?*[\\".indexOf(c) >= 0)) {
      violations.add("unsafe default branch " + branch);
    }
    if (!LOGIN.matcher(task.trigger().requester()).matches()) {
      violations.add("requester " + task.trigger().requester());
    }
    return violations;
  }

  private static byte[] slice(byte[] bytes, int from, int to) {
    return Arrays.copyOfRange(bytes, Math.min(from, bytes.length), Math.min(to, bytes.length));
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] result = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, result, at, part.length);
      at += part.length;
    }
    return result;
  }
}
