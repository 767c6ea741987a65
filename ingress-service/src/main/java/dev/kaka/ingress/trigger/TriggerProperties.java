package dev.kaka.ingress.trigger;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What counts as a request for Kaka, and from whom.
 *
 * @param label adding this label to an issue starts a task
 * @param command an issue comment starting with this word starts a task; the rest of the comment
 *     becomes extra instructions, and {@code <command> cancel} stops the task
 * @param allowedAssociations a commenter's {@code author_association} must be one of these
 * @param botLogin Kaka's own GitHub login: assigning an issue to it starts a task, and its own
 *     comments never do; empty turns the assignment trigger off
 * @param repositories {@code owner/name} of the repositories Kaka serves; empty serves every
 *     repository whose webhook reaches it
 */
@Validated
@ConfigurationProperties("kaka.trigger")
public record TriggerProperties(
    @DefaultValue("kaka") @NotBlank String label,
    @DefaultValue("/kaka") @Pattern(regexp = "\\S+", message = "must be one word") String command,
    @DefaultValue({"OWNER", "MEMBER", "COLLABORATOR"}) @NotEmpty Set<String> allowedAssociations,
    @DefaultValue("") String botLogin,
    @DefaultValue({}) Set<String> repositories) {

  boolean serves(String fullName) {
    return repositories.isEmpty()
        || repositories.stream().anyMatch(allowed -> allowed.equalsIgnoreCase(fullName));
  }

  boolean isBot(String login) {
    return !botLogin.isBlank() && botLogin.equalsIgnoreCase(login);
  }
}
