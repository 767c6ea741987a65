package dev.kaka.notifier.github;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How hard the notifier tries a GitHub call before handing the failure back to Kafka.
 *
 * @param maxAttempts tries of one call, the first included
 * @param initialBackOff the pause after the first failed try; each further pause doubles
 * @param failureRateThreshold the percentage of failed calls (of the last 20) that opens the
 *     breaker
 * @param openFor how long an open breaker refuses calls before it lets a few through to probe
 */
@Validated
@ConfigurationProperties("kaka.github.resilience")
public record GitHubResilienceProperties(
    @DefaultValue("4") @Min(1) int maxAttempts,
    @DefaultValue("500ms") Duration initialBackOff,
    @DefaultValue("50") @Min(1) @Max(100) int failureRateThreshold,
    @DefaultValue("30s") Duration openFor) {}
