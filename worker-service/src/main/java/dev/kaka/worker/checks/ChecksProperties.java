package dev.kaka.worker.checks;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How a worker reads the failing checks of a pull request it is to fix.
 *
 * @param settleTime how long after a check failed the fix waits for the head's other check suites
 *     to complete; past it, the fix goes ahead with the checks that failed by then
 * @param logTail how much of the end of each failed check's output and job log the prompt carries
 * @param timeout how long one call to GitHub may take
 */
@Validated
@ConfigurationProperties("kaka.checks")
public record ChecksProperties(
    @DefaultValue("2m") @NotNull @DurationMax(hours = 1) Duration settleTime,
    @DefaultValue("8KB") @NotNull DataSize logTail,
    @DefaultValue("30s") @NotNull @DurationMin(seconds = 1) @DurationMax(minutes = 5)
        Duration timeout) {}
