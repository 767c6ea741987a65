package dev.kaka.ingress.webhook;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The webhook endpoint's settings.
 *
 * @param secrets the secrets deliveries may be signed with; more than one while rotating. Set them
 *     with {@code KAKA_WEBHOOK_SECRETS} (comma separated) or a mounted file, never in committed
 *     configuration. They sign deliveries for every repository without an entry of its own in
 *     {@code repositorySecrets}
 * @param repositorySecrets secrets per repository ({@code owner/name}) or owner ({@code owner}), as
 *     Prow's hook allows: the most specific entry is the only one accepted for its repositories, so
 *     one organisation's secret cannot sign deliveries for another's
 * @param allowedCloneUrls the URL prefixes a payload's {@code clone_url} must start with, such as
 *     {@code https://github.com/} or {@code https://ghe.example.com/}; unset, the server of {@code
 *     kaka.github.api-url} ({@code https://github.com/}, or {@code https://HOST/} for a GitHub
 *     Enterprise Server)
 * @param maxBodySize larger deliveries are refused with 413; GitHub caps payloads at 25 MB
 * @param maxBytesInFlight how many body bytes all deliveries being read and handled may hold
 *     together, so that many large uploads at once cannot exhaust the memory. A delivery that
 *     arrives when they are used up, or whose body would go beyond them, is answered 503 with
 *     {@code Retry-After}. At least {@code maxBodySize}
 * @param bodyTimeout how long a body may take to arrive; a slower one is answered 408, so a sender
 *     that trickles its bytes cannot hold a share of {@code maxBytesInFlight} for long
 * @param replayWindow how long the body of an accepted delivery is remembered (as its SHA-256, in
 *     MongoDB, where every replica sees it): the same body again within it is answered {@code
 *     duplicate} whatever its delivery id, since the delivery id is not signed
 * @param recentDeliveries how many delivery ids each instance remembers to answer repeats at once
 * @param rateLimit how many tasks one person and one repository may start
 */
@Validated
@ConfigurationProperties("kaka.webhook")
public record WebhookProperties(
    List<String> secrets,
    Map<String, List<String>> repositorySecrets,
    List<
            @Pattern(
                regexp = "https?://[^/?#@\\s]+/\\S*",
                message = "must be an HTTP(S) URL whose" + " host is followed by a slash")
            String>
        allowedCloneUrls,
    @DefaultValue("25MB") @NotNull DataSize maxBodySize,
    @DefaultValue("64MB") @NotNull DataSize maxBytesInFlight,
    @DefaultValue("10s") @NotNull @DurationMin(millis = 1) Duration bodyTimeout,
    @DefaultValue("24h") @NotNull @DurationMin(seconds = 1) Duration replayWindow,
    @DefaultValue("100000") @Positive int recentDeliveries,
    @DefaultValue @NotNull @Valid RateLimit rateLimit) {

  public WebhookProperties {
    secrets = secrets == null ? List.of() : withoutBlanks(secrets);
    allowedCloneUrls = allowedCloneUrls == null ? List.of() : withoutBlanks(allowedCloneUrls);
    Map<String, List<String>> scoped = new LinkedHashMap<>();
    if (repositorySecrets != null) {
      // GitHub's owner and repository names are case-insensitive
      repositorySecrets.forEach(
          (scope, values) ->
              scoped.merge(
                  scope.toLowerCase(Locale.ROOT),
                  values == null ? List.of() : withoutBlanks(values),
                  (a, b) -> Stream.concat(a.stream(), b.stream()).toList()));
    }
    repositorySecrets = Map.copyOf(scoped);
  }

  @AssertTrue(
      message =
          "set at least one webhook secret (KAKA_WEBHOOK_SECRET, KAKA_WEBHOOK_SECRETS"
              + " or kaka.webhook.repository-secrets)")
  public boolean isAnySecretSet() {
    return !secrets.isEmpty() || repositorySecrets.values().stream().anyMatch(s -> !s.isEmpty());
  }

  @AssertTrue(
      message =
          "kaka.webhook.repository-secrets: every key must be 'owner' or"
              + " 'owner/name' and have at least one secret")
  public boolean isEveryRepositorySecretUsable() {
    return repositorySecrets.entrySet().stream()
        .allMatch(
            entry ->
                !entry.getValue().isEmpty()
                    && entry.getKey().matches("[a-z0-9_.-]+(/[a-z0-9_.-]+)?"));
  }

  @AssertTrue(
      message =
          "kaka.webhook.max-bytes-in-flight must be at least"
              + " kaka.webhook.max-body-size, or a delivery of the largest size could never be read")
  public boolean isEveryBodySizeReadable() {
    return maxBytesInFlight == null
        || maxBodySize == null
        || maxBytesInFlight.toBytes() >= maxBodySize.toBytes();
  }

  private static List<String> withoutBlanks(List<String> values) {
    return values.stream().filter(s -> s != null && !s.isBlank()).toList();
  }

  /**
   * Limits on starting tasks, so that one person or one busy repository cannot fill the workers.
   * Deliveries over a limit are answered 429 with {@code Retry-After} and start nothing.
   */
  public record RateLimit(
      @DefaultValue @NotNull @Valid PerSender perSender,
      @DefaultValue @NotNull @Valid PerRepository perRepository) {}

  /** Tasks allowed in each period; the allowance is renewed when the period ends. */
  public interface Limit {

    int limit();

    Duration period();
  }

  /** Tasks one GitHub user (the one who added the label or wrote the command) may start. */
  public record PerSender(
      @DefaultValue("30") @Positive int limit,
      @DefaultValue("1h") @NotNull @DurationMin(millis = 1) Duration period)
      implements Limit {}

  /** Tasks that may be started on one repository, whoever asks. */
  public record PerRepository(
      @DefaultValue("60") @Positive int limit,
      @DefaultValue("1h") @NotNull @DurationMin(millis = 1) Duration period)
      implements Limit {}
}
