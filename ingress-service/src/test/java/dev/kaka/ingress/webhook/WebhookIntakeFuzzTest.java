package dev.kaka.ingress.webhook;

import static dev.kaka.ingress.webhook.IntakeFixture.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.ingress.webhook.HostileDeliveries.ByteMutation;
import dev.kaka.ingress.webhook.HostileDeliveries.JsonMutation;
import dev.kaka.ingress.webhook.HostileDeliveries.Sample;
import dev.kaka.ingress.webhook.HostileDeliveries.Signer;
import dev.kaka.ingress.webhook.WebhookIntake.Verdict;
import dev.kaka.testkit.webhook.WebhookPayload;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzes the intake (signature check, form and JSON parsing, trigger rules and the checks after
 * them) without HTTP, so it can take many tries: whatever arrives, it answers with a 2xx or 4xx
 * verdict, never throws, and starts a task only when the delivery is signed by a secret of the
 * repository's scope and every value the task carries is safe. {@link WebhookHttpFuzzTest} runs
 * fewer tries through the whole service.
 */
class WebhookIntakeFuzzTest implements HostileDeliveryArbitraries {

  private static final Set<Integer> ANSWERS = Set.of(200, 202, 400, 401, 415);

  @Property(tries = 3000)
  void arbitraryBytesAreRefusedOrIgnoredAndNeverStartATask(
      @ForAll("bodies") byte[] body,
      @ForAll("events") String event,
      @ForAll("contentTypes") String contentType,
      @ForAll("signers") Signer signer) {
    Verdict verdict = IntakeFixture.examine(event, contentType, signer.sign(body), body);

    Statistics.label("answer").collect(status(verdict));
    assertThat(ANSWERS).contains(status(verdict));
    assertThat(HostileDeliveries.taskOf(verdict)).isEmpty();
  }

  @Property(tries = 3000)
  void byteMutatedPayloadsStartOnlyTasksThatAreSignedForTheirRepositoryAndSafe(
      @ForAll("samples") Sample sample,
      @ForAll("byteMutations") List<ByteMutation> mutations,
      @ForAll("signers") Signer signer,
      @ForAll boolean asForm) {
    byte[] json = HostileDeliveries.applyAll(mutations, sample.bytes());

    Verdict verdict = examine(sample.event(), json, signer, asForm);

    assertSafe(verdict, signer);
  }

  @Property(tries = 3000)
  void structurallyMutatedPayloadsStartOnlyTasksThatAreSignedForTheirRepositoryAndSafe(
      @ForAll("samples") Sample sample,
      @ForAll("jsonMutations") List<JsonMutation> mutations,
      @ForAll("signers") Signer signer,
      @ForAll boolean asForm) {
    byte[] json = HostileDeliveries.applyAll(mutations, sample);

    Verdict verdict = examine(sample.event(), json, signer, asForm);

    assertSafe(verdict, signer);
  }

  @Property(tries = 1000)
  void aChangedBodyNeverPassesWithTheSignatureOfTheOriginal(
      @ForAll("samples") Sample sample, @ForAll("byteMutations") List<ByteMutation> mutations) {
    byte[] changed = HostileDeliveries.applyAll(mutations, sample.bytes());
    Statistics.label("changed").collect(!Arrays.equals(changed, sample.bytes()));

    for (String secret : IntakeFixture.ALL_SECRETS) {
      Verdict verdict =
          IntakeFixture.examine(
              sample.event(),
              "application/json",
              WebhookPayload.signature(secret, sample.bytes()),
              changed);

      if (!Arrays.equals(changed, sample.bytes())) {
        assertThat(status(verdict)).isEqualTo(401);
      }
    }
  }

  @Property(tries = 2000)
  void theVerifierAcceptsTheBodysSignatureAndNothingElse(
      @ForAll byte[] body,
      @ForAll @StringLength(min = 1, max = 64) String secret,
      @ForAll String header) {
    SignatureVerifier verifier = new SignatureVerifier(List.of(secret));
    String signature = WebhookPayload.signature(secret, body);

    assertThat(verifier.isValid(signature, body)).isTrue();
    assertThat(verifier.isValid(header, body)).isEqualTo(header.equals(signature));
    assertThat(verifier.isValid(signature.replace("sha256=", "sha1="), body)).isFalse();
  }

  private static Verdict examine(String event, byte[] json, Signer signer, boolean asForm) {
    byte[] body = asForm ? IntakeFixture.form(json) : json;
    String contentType = asForm ? "application/x-www-form-urlencoded" : "application/json";
    return IntakeFixture.examine(event, contentType, signer.sign(body), body);
  }

  private static void assertSafe(Verdict verdict, Signer signer) {
    Statistics.label("answer")
        .collect(
            verdict instanceof Verdict.Decided decided
                ? decided.decision().getClass().getSimpleName()
                : String.valueOf(status(verdict)));
    assertThat(ANSWERS).contains(status(verdict));
    HostileDeliveries.taskOf(verdict)
        .ifPresent(
            task ->
                assertThat(HostileDeliveries.violations(task, signer))
                    .as(task.toString())
                    .isEmpty());
  }

  @Provide
  Arbitrary<byte[]> bodies() {
    return Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofMaxSize(2048),
        Arbitraries.strings().ofMaxLength(512).map(String::getBytes));
  }

  @Provide
  Arbitrary<String> events() {
    return HostileDeliveries.events();
  }
}
