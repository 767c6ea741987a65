package dev.kaka.ingress.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import reactor.core.publisher.Mono;

/**
 * Checks a bearer token or basic credentials against the configured ones, in constant time. A
 * credential that is not configured (empty) matches nothing.
 */
final class Credentials implements ReactiveAuthenticationManager {

  private static final List<SimpleGrantedAuthority> OPERATOR =
      List.of(new SimpleGrantedAuthority("ROLE_OPERATOR"));

  private final ApiAccessProperties access;

  Credentials(ApiAccessProperties access) {
    this.access = access;
  }

  @Override
  public Mono<Authentication> authenticate(Authentication presented) {
    String name = presented.getName();
    String secret = String.valueOf(presented.getCredentials());
    boolean valid =
        name.isEmpty()
            ? matches(secret, access.token())
            : matches(name, access.username()) & matches(secret, access.password());
    if (!valid) {
      return Mono.error(new BadCredentialsException("invalid credentials"));
    }
    String user = name.isEmpty() ? access.tokenUser() : access.username();
    return Mono.just(UsernamePasswordAuthenticationToken.authenticated(user, null, OPERATOR));
  }

  private static boolean matches(String presented, String configured) {
    return !configured.isEmpty()
        && MessageDigest.isEqual(
            presented.getBytes(StandardCharsets.UTF_8),
            configured.getBytes(StandardCharsets.UTF_8));
  }
}
