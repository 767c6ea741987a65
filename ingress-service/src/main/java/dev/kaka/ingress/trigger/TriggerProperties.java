package dev.kaka.ingress.trigger;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What counts as a request for Kaka.
 *
 * @param label adding this label to an issue starts a task
 * @param command an issue comment starting with this word starts a task; the rest of the comment
 *     becomes extra instructions
 * @param allowedAssociations a commenter's {@code author_association} must be one of these
 */
@Validated
@ConfigurationProperties("kaka.trigger")
public record TriggerProperties(
    @DefaultValue("kaka") @NotBlank String label,
    @DefaultValue("/kaka") @Pattern(regexp = "\\S+", message = "must be one word") String command,
    @DefaultValue({"OWNER", "MEMBER", "COLLABORATOR"}) @NotEmpty Set<String> allowedAssociations) {}
