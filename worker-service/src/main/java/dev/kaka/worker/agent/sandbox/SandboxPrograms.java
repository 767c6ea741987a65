package dev.kaka.worker.agent.sandbox;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The programs that build the sandbox ({@code kaka.agent.sandbox-programs}).
 *
 * @param bubblewrap the bubblewrap executable, by name on the worker's {@code PATH} or by path
 * @param socat socat inside the sandbox, where it bridges loopback to the worker's proxy
 */
public record SandboxPrograms(
    @DefaultValue("bwrap") @NotBlank String bubblewrap,
    @DefaultValue("socat") @NotBlank @Pattern(regexp = "[^']+", message = "must not contain '")
        String socat) {}
