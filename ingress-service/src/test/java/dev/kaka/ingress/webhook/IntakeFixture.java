package dev.kaka.ingress.webhook;

import dev.kaka.ingress.trigger.Permission;
import dev.kaka.ingress.trigger.RepositorySettings;
import dev.kaka.ingress.trigger.TriggerDecision;
import dev.kaka.ingress.trigger.TriggerProperties;
import dev.kaka.ingress.trigger.TriggerRules;
import dev.kaka.ingress.webhook.WebhookIntake.Verdict;
import dev.kaka.testkit.webhook.WebhookPayload;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An intake with a global secret and secrets of their own for the owner {@code octo} (two, as while
 * rotating) and the repository {@code acme/widgets}, and what the tests send it.
 */
final class IntakeFixture {

  static final String GLOBAL_SECRET = "global-secret";
  static final String OCTO_SECRET = "octo-secret-new";
  static final String OCTO_OLD_SECRET = "octo-secret-old";
  static final String WIDGETS_SECRET = "widgets-secret";
  static final List<String> ALL_SECRETS =
      List.of(GLOBAL_SECRET, OCTO_SECRET, OCTO_OLD_SECRET, WIDGETS_SECRET);

  static final WebhookIntake INTAKE =
      new WebhookIntake(
          new WebhookSecrets(
              List.of(GLOBAL_SECRET),
              Map.of(
                  "octo", List.of(OCTO_OLD_SECRET, OCTO_SECRET),
                  "acme/widgets", List.of(WIDGETS_SECRET))),
          new CloneHosts(List.of("https://github.com/")),
          new TriggerRules(
              new TriggerProperties(
                  "kaka",
                  "/kaka",
                  Set.of("OWNER", "MEMBER", "COLLABORATOR"),
                  "kaka-bot",
                  Set.of(),
                  Permission.WRITE,
                  Set.of(),
                  Duration.ofSeconds(60)),
              Clock.systemUTC()));

  private IntakeFixture() {}

  /** The secret a delivery about {@code owner/name} must be signed with (one of them for octo). */
  static String secretFor(String owner, String name) {
    if (owner.equalsIgnoreCase("octo")) {
      return OCTO_SECRET;
    }
    return (owner + "/" + name).equalsIgnoreCase("acme/widgets") ? WIDGETS_SECRET : GLOBAL_SECRET;
  }

  /** The {@code kaka} label on issue #1 of {@code owner/name} on github.com. */
  static WebhookPayload labeled(String owner, String name) {
    return WebhookPayload.issueLabeled()
        .label("kaka")
        .repository(owner, name, "https://github.com/" + owner + "/" + name + ".git", "main");
  }

  static Verdict examine(String event, String contentType, String signature, byte[] body) {
    Verdict headers = WebhookIntake.headers(event, "delivery-1", contentType, signature);
    if (!(headers instanceof Verdict.Readable readable)) {
      return headers;
    }
    return settled(INTAKE.examine(readable.headers(), body));
  }

  /**
   * The verdict once the repository's settings are known: here, those of a repository without a
   * file.
   */
  static Verdict settled(Verdict verdict) {
    return verdict instanceof Verdict.NeedsSettings pending
        ? INTAKE.decide(pending, RepositorySettings.NONE)
        : verdict;
  }

  static Verdict examineJson(String event, String secret, byte[] body) {
    return examine(event, "application/json", WebhookPayload.signature(secret, body), body);
  }

  /**
   * The body GitHub sends for a webhook configured with {@code application/x-www-form-urlencoded}.
   */
  static byte[] form(byte[] json) {
    return ("payload="
            + URLEncoder.encode(new String(json, StandardCharsets.UTF_8), StandardCharsets.UTF_8))
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** The HTTP status the handler answers a verdict with (before rate limits and dispatch). */
  static int status(Verdict verdict) {
    if (verdict instanceof Verdict.Refused refused) {
      return refused.status().value();
    }
    if (verdict instanceof Verdict.Decided decided
        && decided.decision() instanceof TriggerDecision.Rejected) {
      return 400;
    }
    return verdict instanceof Verdict.Pong ? 200 : 202;
  }

  /** Whether the verdict would start work: a task queued or a follow-up on a pull request. */
  static boolean startsWork(Verdict verdict) {
    if (!(verdict instanceof Verdict.Decided decided)) {
      return false;
    }
    return decided.decision() instanceof TriggerDecision.Accepted
        || decided.decision() instanceof TriggerDecision.FollowUp;
  }
}
