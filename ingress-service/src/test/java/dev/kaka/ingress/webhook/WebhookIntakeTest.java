package dev.kaka.ingress.webhook;

import static dev.kaka.ingress.webhook.IntakeFixture.GLOBAL_SECRET;
import static dev.kaka.ingress.webhook.IntakeFixture.OCTO_OLD_SECRET;
import static dev.kaka.ingress.webhook.IntakeFixture.OCTO_SECRET;
import static dev.kaka.ingress.webhook.IntakeFixture.WIDGETS_SECRET;
import static dev.kaka.ingress.webhook.IntakeFixture.examine;
import static dev.kaka.ingress.webhook.IntakeFixture.examineJson;
import static dev.kaka.ingress.webhook.IntakeFixture.form;
import static dev.kaka.ingress.webhook.IntakeFixture.labeled;
import static dev.kaka.ingress.webhook.IntakeFixture.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.ingress.trigger.Permission;
import dev.kaka.ingress.trigger.RepositorySettings;
import dev.kaka.ingress.trigger.TriggerDecision;
import dev.kaka.ingress.trigger.TriggerProperties;
import dev.kaka.ingress.trigger.TriggerRules;
import dev.kaka.ingress.webhook.WebhookIntake.Verdict;
import dev.kaka.testkit.webhook.WebhookPayload;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which secret may sign what, the two content types, and malformed payloads, decided without HTTP.
 * {@link WebhookEndpointTest} checks the same answers over HTTP with nothing published.
 */
class WebhookIntakeTest {

  static Stream<Arguments> signers() {
    return Stream.of(
        Arguments.of(
            "a repository without secrets of its own, global secret",
            "Codertocat",
            "Hello-World",
            GLOBAL_SECRET,
            202),
        Arguments.of(
            "a repository without secrets of its own, an owner's secret",
            "Codertocat",
            "Hello-World",
            OCTO_SECRET,
            401),
        Arguments.of("the owner's new secret", "octo", "demo", OCTO_SECRET, 202),
        Arguments.of(
            "the owner's old secret, while rotating", "octo", "demo", OCTO_OLD_SECRET, 202),
        Arguments.of("owner names in another case", "OCTO", "Demo", OCTO_SECRET, 202),
        Arguments.of(
            "the global secret for an owner with secrets of its own",
            "octo",
            "demo",
            GLOBAL_SECRET,
            401),
        Arguments.of("the repository's own secret", "acme", "widgets", WIDGETS_SECRET, 202),
        Arguments.of(
            "the global secret for a repository with a secret of its own",
            "acme",
            "widgets",
            GLOBAL_SECRET,
            401),
        Arguments.of(
            "another repository of the same owner, global secret",
            "acme",
            "gadgets",
            GLOBAL_SECRET,
            202),
        Arguments.of("another repository's secret", "acme", "gadgets", WIDGETS_SECRET, 401));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("signers")
  void acceptsOnlyTheSecretsOfTheRepositorysScope(
      String description, String owner, String name, String secret, int expected) {
    Verdict verdict = examineJson("issues", secret, labeled(owner, name).bytes());

    assertThat(status(verdict)).isEqualTo(expected);
    if (expected == 202) {
      assertThat(((Verdict.Decided) verdict).decision())
          .isInstanceOf(TriggerDecision.Accepted.class);
    }
  }

  static Stream<Arguments> refusals() {
    byte[] labeled = labeled("Codertocat", "Hello-World").bytes();
    WebhookPayload noFullName = labeled("octo", "demo");
    ((ObjectNode) noFullName.json().path("repository")).remove("full_name");
    noFullName.json().putObject("organization").put("login", "Codertocat");
    WebhookPayload mismatch = labeled("acme", "widgets");
    ((ObjectNode) mismatch.json().path("repository")).put("full_name", "octo/demo");
    String json = new String(labeled, StandardCharsets.UTF_8);
    byte[] twoRepositories =
        ("{\"repository\":{\"full_name\":\"octo/demo\"}," + json.substring(1))
            .getBytes(StandardCharsets.UTF_8);
    return Stream.of(
        Arguments.of(
            "signed for octo, about acme/widgets (full_name says octo/demo)",
            "issues",
            "application/json",
            OCTO_SECRET,
            mismatch.bytes(),
            400),
        Arguments.of(
            "a second repository key in front of the real one",
            "issues",
            "application/json",
            OCTO_SECRET,
            twoRepositories,
            400),
        Arguments.of(
            "a form whose payload is signed, not the form",
            "issues",
            "application/x-www-form-urlencoded",
            GLOBAL_SECRET,
            null,
            401),
        Arguments.of(
            "a form without a payload field",
            "issues",
            "application/x-www-form-urlencoded",
            GLOBAL_SECRET,
            "other=1".getBytes(),
            400),
        Arguments.of(
            "a form with two payload fields",
            "issues",
            "application/x-www-form-urlencoded",
            GLOBAL_SECRET,
            ("payload=%7B%7D&" + new String(form(labeled), StandardCharsets.US_ASCII)).getBytes(),
            400),
        Arguments.of(
            "a form with a broken escape",
            "issues",
            "application/x-www-form-urlencoded",
            GLOBAL_SECRET,
            "payload=%7".getBytes(),
            400),
        Arguments.of(
            "an empty body", "issues", "application/json", GLOBAL_SECRET, new byte[0], 400),
        Arguments.of(
            "nesting deeper than the parser allows",
            "issues",
            "application/json",
            GLOBAL_SECRET,
            ("{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}").getBytes(),
            400),
        Arguments.of(
            "a number longer than the parser allows",
            "issues",
            "application/json",
            GLOBAL_SECRET,
            ("{\"a\":" + "9".repeat(5000) + "}").getBytes(),
            400),
        Arguments.of(
            "not UTF-8",
            "issues",
            "application/json",
            GLOBAL_SECRET,
            new byte[] {'{', '"', (byte) 0xc3, (byte) 0x28, '"', ':', '1', '}'},
            400),
        Arguments.of(
            "a clone URL on another host",
            "issues",
            "application/json",
            GLOBAL_SECRET,
            labeled("Codertocat", "Hello-World")
                .repository(
                    "Codertocat",
                    "Hello-World",
                    "https://evil.example/Codertocat/Hello-World.git",
                    "main")
                .bytes(),
            400),
        Arguments.of(
            "a clone URL on a host that starts like github.com",
            "issues",
            "application/json",
            GLOBAL_SECRET,
            labeled("Codertocat", "Hello-World")
                .repository(
                    "Codertocat",
                    "Hello-World",
                    "https://github.com.evil.example/Codertocat/Hello-World.git",
                    "main")
                .bytes(),
            400),
        Arguments.of(
            "about octo/demo without full_name, the organization a global one",
            "issues",
            "application/json",
            GLOBAL_SECRET,
            noFullName.bytes(),
            400));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refuses(
      String description,
      String event,
      String contentType,
      String secret,
      byte[] body,
      int expected) {
    Verdict verdict;
    if (body == null) {
      // the signature of the JSON inside the form instead of the form GitHub signs
      byte[] json = labeled("Codertocat", "Hello-World").bytes();
      verdict = examine(event, contentType, WebhookPayload.signature(secret, json), form(json));
    } else {
      verdict = examine(event, contentType, WebhookPayload.signature(secret, body), body);
    }

    assertThat(status(verdict)).as(String.valueOf(verdict)).isEqualTo(expected);
  }

  @Test
  void aFormDeliveryIsSignedOverTheFormAndReadFromItsPayloadField() {
    byte[] body = form(labeled("octo", "demo").bytes());

    Verdict verdict =
        examine(
            "issues",
            "application/x-www-form-urlencoded; charset=utf-8",
            WebhookPayload.signature(OCTO_SECRET, body),
            body);

    assertThat(((Verdict.Decided) verdict).decision()).isInstanceOf(TriggerDecision.Accepted.class);
  }

  @Test
  void aDecisionAboutARepositoryOutsideTheSignersScopeIsRefusedWhateverTheRulesSaid() {
    // rules that would wrongly act on acme/widgets whatever the payload says
    TriggerRules careless =
        new TriggerRules(
            new TriggerProperties(
                "kaka",
                "/kaka",
                Set.of("OWNER"),
                "",
                Set.of(),
                Permission.WRITE,
                Set.of(),
                Duration.ofSeconds(60)),
            Clock.systemUTC()) {
          @Override
          public TriggerDecision evaluate(
              String event, String deliveryId, JsonNode payload, RepositorySettings settings) {
            return super.evaluate(event, deliveryId, labeled("acme", "widgets").json(), settings);
          }
        };
    WebhookIntake intake =
        new WebhookIntake(
            new WebhookSecrets(
                List.of(GLOBAL_SECRET), Map.of("acme/widgets", List.of(WIDGETS_SECRET))),
            new CloneHosts(List.of("https://github.com/")),
            careless);
    byte[] body = labeled("Codertocat", "Hello-World").bytes();
    var headers =
        new WebhookIntake.Headers(
            "issues", "d", BodyFormat.JSON, WebhookPayload.signature(GLOBAL_SECRET, body));

    Verdict examined = intake.examine(headers, body);
    Verdict verdict =
        examined instanceof Verdict.NeedsSettings pending
            ? intake.decide(pending, RepositorySettings.NONE)
            : examined;

    assertThat(status(verdict)).isEqualTo(401);
  }

  @Test
  void aPossibleTriggerWaitsForTheSettingsOfItsRepositoryOnceItsScopeIsChecked() {
    byte[] body = labeled("octo", "app").label("anything").bytes();
    var headers =
        new WebhookIntake.Headers(
            "issues", "d", BodyFormat.JSON, WebhookPayload.signature(OCTO_SECRET, body));

    Verdict verdict = IntakeFixture.INTAKE.examine(headers, body);

    assertThat(verdict).isInstanceOf(Verdict.NeedsSettings.class);
    assertThat(((Verdict.NeedsSettings) verdict).repository().fullName()).isEqualTo("octo/app");
    RepositorySettings ownLabel =
        new RepositorySettings(new RepositorySettings.Trigger("anything", null, null, null), null);
    assertThat(
            ((Verdict.Decided)
                    IntakeFixture.INTAKE.decide((Verdict.NeedsSettings) verdict, ownLabel))
                .decision())
        .isInstanceOf(TriggerDecision.Accepted.class);
  }

  @Test
  void noSettingsAreReadForARepositoryOutsideTheSignersScope() {
    byte[] body = labeled("acme", "widgets").bytes();
    var headers =
        new WebhookIntake.Headers(
            "issues", "d", BodyFormat.JSON, WebhookPayload.signature(GLOBAL_SECRET, body));

    assertThat(status(IntakeFixture.INTAKE.examine(headers, body))).isEqualTo(401);
  }

  @Test
  void aPushIsDecidedWithoutSettingsAndOnlyWithinItsScope() {
    byte[] push =
        WebhookPayload.push()
            .ref("refs/heads/main")
            .repository("octo", "app", "https://github.com/octo/app.git", "main")
            .bytes();

    Verdict signed = examineJson("push", OCTO_SECRET, push);
    Verdict otherScope = examineJson("push", GLOBAL_SECRET, push);

    assertThat(((Verdict.Decided) signed).decision())
        .isInstanceOf(TriggerDecision.DefaultBranchPushed.class);
    assertThat(status(otherScope)).isEqualTo(401);
  }

  @Test
  void theSha1SignatureHeaderIsNotEnough() {
    // GitHub sends X-Hub-Signature (SHA-1) beside X-Hub-Signature-256; only the latter counts
    assertThat(status(examine("issues", "application/json", null, labeled("a", "b").bytes())))
        .isEqualTo(401);
  }
}
