package dev.kaka.ingress.webhook;

import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The webhook endpoint's settings.
 *
 * @param secrets the secrets deliveries may be signed with; more than one while rotating. Set them
 *     with {@code KAKA_WEBHOOK_SECRETS} (comma separated) or a mounted file, never in committed
 *     configuration.
 * @param maxBodySize larger deliveries are refused with 413; GitHub caps payloads at 25 MB
 * @param recentDeliveries how many delivery ids each instance remembers to answer repeats at once
 */
@Validated
@ConfigurationProperties("kaka.webhook")
public record WebhookProperties(
    @NotEmpty(message = "set at least one webhook secret (KAKA_WEBHOOK_SECRETS)") List<String> secrets,
    @DefaultValue("25MB") DataSize maxBodySize,
    @DefaultValue("100000") int recentDeliveries) {

  public WebhookProperties {
    secrets = secrets == null ? List.of() : secrets.stream().filter(s -> !s.isBlank()).toList();
  }
}
