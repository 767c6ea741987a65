package dev.kaka.ingress.trigger;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.hibernate.validator.constraints.time.DurationMax;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What counts as a request for Kaka, and from whom.
 *
 * @param label adding this label to an issue starts a task
 * @param command an issue comment starting with this word starts a task; the rest of the comment
 *     becomes extra instructions, and {@code <command> cancel} stops the task
 * @param allowedAssociations a commenter's {@code author_association} must be one of these, as well
 *     as the permission below: a narrowing filter, not the gate
 * @param botLogin Kaka's own GitHub login: assigning an issue to it starts a task, and its own
 *     comments never do; empty turns the assignment trigger off
 * @param repositories {@code owner/name} of the repositories Kaka serves; empty serves every
 *     repository whose webhook reaches it
 * @param minPermission the least permission on the repository, as GitHub reports it, of whoever
 *     comments the command, adds the label or assigns Kaka; a repository may raise it, never lower
 *     it. Never {@code none}: the token that pushes Kaka's work is not for strangers to wield
 * @param allowedBots logins of bots (accounts of type {@code Bot}, or ending in {@code [bot]}) that
 *     may trigger Kaka, without a permission check; every other bot is refused
 * @param permissionCacheTtl how long GitHub's answer on a person's permission is used: a revoked
 *     permission still starts tasks this long
 */
@Validated
@ConfigurationProperties("kaka.trigger")
public record TriggerProperties(
    @DefaultValue("kaka") @NotBlank String label,
    @DefaultValue("/kaka") @Pattern(regexp = "\\S+", message = "must be one word") String command,
    @DefaultValue({"OWNER", "MEMBER", "COLLABORATOR"}) @NotEmpty Set<String> allowedAssociations,
    @DefaultValue("") String botLogin,
    @DefaultValue({}) Set<String> repositories,
    @DefaultValue("write") @NotNull Permission minPermission,
    @DefaultValue({}) Set<String> allowedBots,
    @DefaultValue("60s") @NotNull @DurationMax(minutes = 10) Duration permissionCacheTtl) {

  @AssertTrue(message = "min-permission must be read or more")
  boolean isMinPermissionSome() {
    return minPermission == null || minPermission.atLeast(Permission.READ);
  }

  boolean serves(String fullName) {
    return repositories.isEmpty()
        || repositories.stream().anyMatch(allowed -> allowed.equalsIgnoreCase(fullName));
  }

  boolean isBot(String login) {
    return !botLogin.isBlank() && botLogin.equalsIgnoreCase(login);
  }

  /** Whether the operator lets the bot {@code login} trigger Kaka. */
  boolean allowsBot(String login) {
    return allowedBots.stream().anyMatch(allowed -> allowed.equalsIgnoreCase(login));
  }

  /** Whether {@code login} of account {@code type} is a bot's (an app's, or a machine user's). */
  static boolean isBotAccount(String type, String login) {
    return type.equals("Bot") || login.toLowerCase(Locale.ROOT).endsWith("[bot]");
  }
}
