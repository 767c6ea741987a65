package dev.kaka.ingress.webhook;

import dev.kaka.common.event.RepositoryRef;
import dev.kaka.ingress.trigger.PayloadFields;
import dev.kaka.ingress.trigger.RepositorySettings;
import dev.kaka.ingress.trigger.TriggerDecision;
import dev.kaka.ingress.trigger.TriggerRules;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * What a delivery amounts to, decided in order of cost: headers, signature over the raw bytes, the
 * payload's JSON, the trigger rules. No I/O and no Spring: the handler streams the body in, looks
 * up the repository's settings when the rules need them, and acts on the verdict; the fuzz tests
 * call this directly.
 */
final class WebhookIntake {

  // GitHub sends a GUID and an event name; anything else would only end up in logs and events
  private static final Pattern DELIVERY_ID = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
  private static final Pattern EVENT = Pattern.compile("[a-z_]{1,64}");

  private final WebhookSecrets secrets;
  private final CloneHosts cloneHosts;
  private final TriggerRules rules;

  WebhookIntake(WebhookSecrets secrets, CloneHosts cloneHosts, TriggerRules rules) {
    this.secrets = secrets;
    this.cloneHosts = cloneHosts;
    this.rules = rules;
  }

  /** The headers of a delivery, checked before its body is read. */
  record Headers(String event, String deliveryId, BodyFormat format, String signature) {}

  /** The refusal of a delivery with unusable headers, or its checked headers. */
  static Verdict headers(String event, String deliveryId, String contentType, String signature) {
    if (event == null
        || deliveryId == null
        || !EVENT.matcher(event).matches()
        || !DELIVERY_ID.matcher(deliveryId).matches()) {
      return new Verdict.Refused(
          HttpStatus.BAD_REQUEST,
          "X-GitHub-Event and X-GitHub-Delivery headers are required, as GitHub sends them");
    }
    Optional<BodyFormat> format = BodyFormat.of(contentType);
    if (format.isEmpty()) {
      return new Verdict.Refused(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          "the content type must be application/json or application/x-www-form-urlencoded");
    }
    return new Verdict.Readable(new Headers(event, deliveryId, format.get(), signature));
  }

  /** The verdict on a delivery whose headers passed {@link #headers}. */
  Verdict examine(Headers headers, byte[] body) {
    Optional<byte[]> payload = headers.format().payload(body);
    // With per-repository secrets the signer depends on the repository the payload names; a
    // form that hides its payload is judged with the global secrets and then refused as unusable.
    String scope =
        secrets.isScoped() && payload.isPresent()
            ? secrets.scopeOf(RepositoryPeek.repositoryOf(payload.get()))
            : WebhookSecrets.GLOBAL;
    if (!secrets.isValid(scope, headers.signature(), body)) {
      return new Verdict.Refused(HttpStatus.UNAUTHORIZED, "missing or invalid X-Hub-Signature-256");
    }
    if (headers.event().equals("ping")) {
      return new Verdict.Pong();
    }
    if (payload.isEmpty()) {
      return new Verdict.Refused(HttpStatus.BAD_REQUEST, "the form has no single payload field");
    }
    JsonNode json;
    try {
      json = PayloadFields.read(payload.get());
    } catch (JacksonException malformed) {
      return new Verdict.Refused(HttpStatus.BAD_REQUEST, "the payload is not valid JSON");
    }
    if (json == null || !json.isObject()) {
      return new Verdict.Refused(HttpStatus.BAD_REQUEST, "the payload is not a JSON object");
    }
    Optional<RepositoryRef> configured = rules.settingsNeeded(headers.event(), json);
    if (configured.isPresent()) {
      // checked before the settings are read, so no delivery makes Kaka read another scope's
      if (!secrets.scopeOf(configured.get().fullName()).equals(scope)) {
        return new Verdict.Refused(
            HttpStatus.UNAUTHORIZED,
            "the signature does not cover the repository the delivery is about");
      }
      return new Verdict.NeedsSettings(headers, scope, json, configured.get());
    }
    return decided(scope, rules.evaluate(headers.event(), headers.deliveryId(), json));
  }

  /** The verdict on a delivery that waited for its repository's settings. */
  Verdict decide(Verdict.NeedsSettings pending, RepositorySettings settings) {
    return decided(
        pending.scope(),
        rules.evaluate(
            pending.headers().event(),
            pending.headers().deliveryId(),
            pending.payload(),
            settings));
  }

  private Verdict decided(String scope, TriggerDecision decision) {
    Optional<RepositoryRef> repository = repositoryActedOn(decision);
    if (repository.isPresent() && !secrets.scopeOf(repository.get().fullName()).equals(scope)) {
      return new Verdict.Refused(
          HttpStatus.UNAUTHORIZED,
          "the signature does not cover the repository the delivery is about");
    }
    boolean startsWork =
        decision.work().isPresent()
            || decision instanceof TriggerDecision.ChecksFailed
            || decision instanceof TriggerDecision.ReviewSubmitted;
    if (repository.isPresent() && startsWork && !cloneHosts.allow(repository.get())) {
      // the workers present the GitHub token to whatever host this names
      return new Verdict.Refused(
          HttpStatus.BAD_REQUEST,
          "the repository's clone_url is not on a git host this Kaka serves");
    }
    return new Verdict.Decided(decision);
  }

  /** The repository a decision acts on: every decision but Ignored and Rejected names one. */
  private static Optional<RepositoryRef> repositoryActedOn(TriggerDecision decision) {
    if (decision instanceof TriggerDecision.Accepted accepted) {
      return Optional.of(accepted.event().repository());
    }
    if (decision instanceof TriggerDecision.FollowUp followUp) {
      return Optional.of(followUp.event().repository());
    }
    if (decision instanceof TriggerDecision.Cancel cancel) {
      return Optional.of(cancel.repository());
    }
    if (decision instanceof TriggerDecision.Refused refused) {
      return Optional.of(refused.event().repository());
    }
    if (decision instanceof TriggerDecision.DefaultBranchPushed pushed) {
      return Optional.of(pushed.repository());
    }
    if (decision instanceof TriggerDecision.ChecksFailed failed) {
      return Optional.of(failed.repository());
    }
    if (decision instanceof TriggerDecision.ReviewSubmitted review) {
      return Optional.of(review.repository());
    }
    return Optional.empty();
  }

  /** What to answer. */
  sealed interface Verdict {

    /** Refused with a client error; nothing happens. */
    record Refused(HttpStatus status, String message) implements Verdict {}

    /** The headers are fine: read the body. */
    record Readable(Headers headers) implements Verdict {}

    /** A signed {@code ping}. */
    record Pong() implements Verdict {}

    /**
     * A signed, well-formed delivery that may be a trigger, depending on the settings of {@code
     * repository} (whose scope signed it): {@link #decide} once they are known.
     */
    record NeedsSettings(Headers headers, String scope, JsonNode payload, RepositoryRef repository)
        implements Verdict {}

    /** A signed, well-formed delivery, and what the trigger rules made of it. */
    record Decided(TriggerDecision decision) implements Verdict {}
  }
}
