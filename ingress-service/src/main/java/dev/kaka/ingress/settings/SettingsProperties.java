package dev.kaka.ingress.settings;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the ingress keeps repositories' {@code .github/kaka.yml}.
 *
 * @param cacheTtl how long a file read is used before it is read again. A push to the default
 *     branch forgets it at once on the replica that receives the push; the others see the change
 *     within this time
 * @param readTimeout how long a trigger waits for GitHub to serve the file; after it, the task runs
 *     with the service-wide settings and says so. It bounds the requester's permission check as
 *     well, which comes after the file: the two stay below GitHub's wait for an answer
 */
@Validated
@ConfigurationProperties("kaka.repository-settings")
public record SettingsProperties(
    @DefaultValue("5m") @NotNull @DurationMin(seconds = 1) Duration cacheTtl,
    @DefaultValue("3s") @NotNull @DurationMin(millis = 100) @DurationMax(seconds = 8)
        Duration readTimeout) {}
