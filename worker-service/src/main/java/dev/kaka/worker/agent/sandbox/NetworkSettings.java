package dev.kaka.worker.agent.sandbox;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the sandboxed agent may connect ({@code kaka.agent.network}).
 *
 * @param allowedHosts hosts the agent may reach through its proxy besides the model API, such as
 *     package registries: {@code host} (ports 80 and 443), {@code host:port} or {@code
 *     *.domain}; everything else is refused and named in the task's status comment
 */
public record NetworkSettings(
    @DefaultValue({}) @NotNull
        List<@Pattern(regexp = "(\\*\\.)?[A-Za-z0-9.-]+(:[0-9]{1,5})?",
            message = "must be host, host:port or *.domain") String> allowedHosts) {}
