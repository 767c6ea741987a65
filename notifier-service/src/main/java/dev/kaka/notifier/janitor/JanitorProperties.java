package dev.kaka.notifier.janitor;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The janitor that fails tasks left running for ever ({@link Janitor}).
 *
 * @param longestRun how long a task may stay running after a worker started it; one running longer,
 *     with no outcome reported, is failed as {@code STUCK}. It must be at least the worker's {@code
 *     kaka.agent.timeout}, plus its ceiling for a repository's set-up commands, plus {@code
 *     kaka.worker.shutdown-grace} (a task a stopping worker gives up runs again on another worker
 *     as the same attempt, which keeps its start), plus the longest pause before an automatic retry
 *     ({@code kaka.worker.retry-back-off}, doubled for each further retry), plus time to clone and
 *     push. Shorter, it fails tasks that still run, and their outcome then comes too late to count.
 *     The default leaves a margin over the sum of the worker's defaults; raise it with them
 * @param period how often the janitor looks for such tasks
 */
@Validated
@ConfigurationProperties("kaka.janitor")
public record JanitorProperties(
    @DefaultValue("1h") @NotNull @DurationMin(seconds = 1) Duration longestRun,
    @DefaultValue("1m") @NotNull @DurationMin(millis = 100) Duration period) {}
