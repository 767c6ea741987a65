package dev.kaka.ingress.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaka.common.event.RepositoryRef;
import dev.kaka.testkit.webhook.WebhookPayload;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

class TriggerTrustTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
  private static final TriggerProperties PROPERTIES =
      new TriggerProperties(
          "kaka",
          "/kaka",
          Set.of("OWNER", "MEMBER", "COLLABORATOR"),
          "kaka-bot",
          Set.of(),
          Permission.WRITE,
          Set.of("renovate[bot]"),
          Duration.ofSeconds(60));
  private static final TriggerRules RULES = new TriggerRules(PROPERTIES, CLOCK);

  private final List<String> asked = new ArrayList<>();

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "none, false",
    "read, false",
    "triage, false",
    "write, true",
    "maintain, true",
    "admin, true"
  })
  void aLabelStandsOnlyForWriteOrMore(String permission, boolean stands) {
    TriggerDecision labeled = labeled("Codertocat");

    TriggerDecision vetted =
        trust(Map.of("Codertocat", Permission.of(permission).orElseThrow()))
            .vet(labeled, RepositorySettings.NONE)
            .block();

    assertThat(vetted == labeled).isEqualTo(stands);
    assertThat(asked).containsExactly("Codertocat/Hello-World Codertocat");
  }

  @Test
  void aRefusalSaysWhoMayStartKakaAndWhatTheRequesterHas() {
    TriggerDecision vetted =
        trust(Map.of("Codertocat", Permission.TRIAGE))
            .vet(labeled("Codertocat"), RepositorySettings.NONE)
            .block();

    var refused = ((TriggerDecision.Refused) vetted).event();
    assertThat(refused.requester()).isEqualTo("Codertocat");
    assertThat(refused.deliveryId()).isEqualTo("d-1");
    assertThat(refused.taskId()).isEqualTo(TriggerRules.taskIdFor("d-1"));
    assertThat(refused.reason())
        .isEqualTo(
            "only people with write, maintain or admin access to "
                + "the repository can start Kaka, and @Codertocat has triage access");
  }

  @Test
  void aRepositoryMayAskForMore() {
    RepositorySettings maintainers =
        new RepositorySettings(
            new RepositorySettings.Trigger(null, null, null, null, Permission.MAINTAIN), null);

    TriggerDecision vetted =
        trust(Map.of("Codertocat", Permission.WRITE))
            .vet(labeled("Codertocat"), maintainers)
            .block();

    assertThat(((TriggerDecision.Refused) vetted).event().reason())
        .startsWith("only people with maintain or admin access");
  }

  @Test
  void aRepositoryCannotAskForLess() {
    RepositorySettings readers =
        new RepositorySettings(
            new RepositorySettings.Trigger(null, null, null, null, Permission.READ), null);

    TriggerDecision vetted =
        trust(Map.of("Codertocat", Permission.READ)).vet(labeled("Codertocat"), readers).block();

    assertThat(vetted).isInstanceOf(TriggerDecision.Refused.class);
  }

  @Test
  void cancellingAsksForThePermissionToo() {
    TriggerDecision cancel =
        RULES.evaluate(
            "issue_comment",
            "d-2",
            WebhookPayload.issueCommentCreated().comment("/kaka cancel").json());

    TriggerDecision vetted =
        trust(Map.of("Codertocat", Permission.READ)).vet(cancel, RepositorySettings.NONE).block();

    assertThat(cancel).isInstanceOf(TriggerDecision.Cancel.class);
    assertThat(vetted).isInstanceOf(TriggerDecision.Refused.class);
  }

  @Test
  void aListedBotAndDecisionsThatActOnNoTaskAskNothing() {
    TriggerTrust trust = trust(Map.of());
    TriggerDecision byBot = labeled("renovate[bot]");
    TriggerDecision ignored = new TriggerDecision.Ignored("not a trigger");

    assertThat(trust.vet(byBot, RepositorySettings.NONE).block()).isSameAs(byBot);
    assertThat(trust.vet(ignored, RepositorySettings.NONE).block()).isSameAs(ignored);
    assertThat(asked).isEmpty();
  }

  @Test
  void whenGitHubCannotAnswerTheDecisionFailsToBeRedelivered() {
    TriggerTrust trust =
        new TriggerTrust(
            PROPERTIES,
            (repository, login) -> Mono.error(new PermissionUnknown("GitHub answered 502", true)),
            CLOCK);

    assertThatThrownBy(() -> trust.vet(labeled("Codertocat"), RepositorySettings.NONE).block())
        .isInstanceOfSatisfying(
            PermissionUnknown.class, unknown -> assertThat(unknown.passing()).isTrue());
  }

  @Test
  void whenNobodyCanBeAskedTheTriggerIsRefusedWithTheReason() {
    TriggerTrust trust =
        new TriggerTrust(
            PROPERTIES,
            (repository, login) ->
                Mono.error(
                    new PermissionUnknown("the ingress has no GitHub token to ask with", false)),
            CLOCK);

    TriggerDecision vetted = trust.vet(labeled("Codertocat"), RepositorySettings.NONE).block();

    assertThat(((TriggerDecision.Refused) vetted).event().reason())
        .isEqualTo(
            "Kaka could not "
                + "check that @Codertocat may write to the repository: the ingress has no GitHub token "
                + "to ask with");
  }

  private TriggerTrust trust(Map<String, Permission> permissions) {
    return new TriggerTrust(
        PROPERTIES,
        (RepositoryRef repository, String login) -> {
          asked.add(repository.fullName() + " " + login);
          return Mono.just(permissions.getOrDefault(login, Permission.NONE));
        },
        CLOCK);
  }

  private static TriggerDecision labeled(String sender) {
    var payload = WebhookPayload.issueLabeled().label("kaka");
    ((ObjectNode) payload.json().path("sender")).put("login", sender);
    return RULES.evaluate("issues", "d-1", payload.json());
  }
}
