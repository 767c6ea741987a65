package dev.kaka.ingress.security;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may use the dashboard and the task API. The webhook endpoint is not covered: GitHub signs its
 * deliveries instead.
 *
 * @param publicRead whether the read-only task API ({@code GET /api/**}) answers without
 *     credentials. Off by default: tasks name private repositories and issues. Transcripts (the
 *     agent's tool inputs and outputs, with source code), the dashboard and every mutating call
 *     need credentials whatever this says
 * @param token a bearer token ({@code Authorization: Bearer <token>}); empty turns bearer tokens
 *     off
 * @param tokenUser the name under which a bearer token's actions are recorded, e.g. as who
 *     cancelled a task
 * @param username the user name for basic credentials
 * @param password the password for basic credentials; empty turns basic credentials off
 */
@Validated
@ConfigurationProperties("kaka.api")
public record ApiAccessProperties(
    @DefaultValue("false") boolean publicRead,
    @DefaultValue("") String token,
    @DefaultValue("operator") @NotBlank String tokenUser,
    @DefaultValue("admin") @NotBlank String username,
    @DefaultValue("") String password) {

  boolean anyCredential() {
    return !token.isBlank() || !password.isBlank();
  }

  @Override
  public String toString() {
    return "ApiAccessProperties[publicRead="
        + publicRead
        + ", token=****, tokenUser="
        + tokenUser
        + ", username="
        + username
        + ", password=****]";
  }
}
