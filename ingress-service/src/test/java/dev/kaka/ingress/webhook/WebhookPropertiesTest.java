package dev.kaka.ingress.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** How the webhook settings bind and which ones stop the service at start-up. */
class WebhookPropertiesTest {

  private static final Validator VALIDATOR =
      Validation.buildDefaultValidatorFactory().getValidator();

  @Test
  void bindsSecretsPerOwnerAndPerRepositoryWithTheirDefaultsAround() {
    WebhookProperties properties =
        bind(
            Map.of(
                "kaka.webhook.secrets", "old,new",
                "kaka.webhook.repository-secrets.Octo", "octo-1,octo-2",
                "kaka.webhook.repository-secrets[acme/widgets]", "widgets"));

    assertThat(properties.secrets()).containsExactly("old", "new");
    assertThat(properties.repositorySecrets())
        .containsOnly(
            Map.entry("octo", List.of("octo-1", "octo-2")),
            Map.entry("acme/widgets", List.of("widgets")));
    assertThat(properties.allowedCloneUrls()).as("the API's server then (CloneHosts)").isEmpty();
    assertThat(properties.rateLimit().perSender().limit()).isEqualTo(30);
    assertThat(properties.rateLimit().perRepository().period()).hasHours(1);
    assertThat(properties.maxBytesInFlight().toMegabytes()).isEqualTo(64);
    assertThat(properties.replayWindow()).hasHours(24);
    assertThat(VALIDATOR.validate(properties)).isEmpty();
  }

  @Test
  void perRepositorySecretsAloneAreEnough() {
    assertThat(VALIDATOR.validate(bind(Map.of("kaka.webhook.repository-secrets.octo", "s"))))
        .isEmpty();
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("no secret at all", Map.of("kaka.webhook.secrets", " ")),
        Arguments.of(
            "a repository key with a path trick",
            Map.of("kaka.webhook.repository-secrets[a/b/c]", "s", "kaka.webhook.secrets", "g")),
        Arguments.of(
            "a clone URL prefix without a slash after the host",
            Map.of(
                "kaka.webhook.secrets",
                "g",
                "kaka.webhook.allowed-clone-urls",
                "https://github.com")),
        Arguments.of(
            "a clone URL prefix that is not HTTP",
            Map.of("kaka.webhook.secrets", "g", "kaka.webhook.allowed-clone-urls", "file:///")),
        Arguments.of(
            "a rate limit of zero",
            Map.of("kaka.webhook.secrets", "g", "kaka.webhook.rate-limit.per-sender.limit", "0")),
        Arguments.of(
            "fewer bytes in flight than one body of the largest size",
            Map.of("kaka.webhook.secrets", "g", "kaka.webhook.max-bytes-in-flight", "10MB")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void refusesToStartWith(String description, Map<String, String> settings) {
    Set<ConstraintViolation<WebhookProperties>> violations = VALIDATOR.validate(bind(settings));

    assertThat(violations).isNotEmpty();
  }

  private static WebhookProperties bind(Map<String, String> settings) {
    return new Binder(new MapConfigurationPropertySource(settings))
        .bindOrCreate("kaka.webhook", WebhookProperties.class);
  }
}
