package dev.kaka.testkit.github;

import java.time.Clock;

/**
 * Works out who a request comes from: the fake's personal token, an installation token, or (REST
 * only, as on GitHub) an App's JWT.
 */
final class Credentials {

  private final AccessToken personalToken;
  private final String personalLogin;
  private final AppRegistry apps;
  private final AppJwtVerifier jwts;
  private final Clock clock;

  Credentials(
      AccessToken personalToken,
      String personalLogin,
      AppRegistry apps,
      AppJwtVerifier jwts,
      Clock clock) {
    this.personalToken = personalToken;
    this.personalLogin = personalLogin;
    this.apps = apps;
    this.jwts = jwts;
    this.clock = clock;
  }

  /** From a REST call's {@code Authorization} header, {@code token X} or {@code Bearer X}. */
  Authentication forApi(String authorization) {
    return AuthorizationHeader.token(authorization)
        .map(this::apiSecret)
        .orElseGet(Authentication.Refusal::unknown);
  }

  /** From git's Basic {@code Authorization} header, whose password is the token. */
  Authentication forGit(String authorization) {
    return AuthorizationHeader.basicPassword(authorization)
        .map(this::token)
        .orElseGet(Authentication.Refusal::unknown);
  }

  private Authentication apiSecret(String presented) {
    // A test may pick a personal token with two dots in it: that token still wins.
    if (AppJwtVerifier.looksLikeJwt(presented) && !personalToken.matches(presented)) {
      return jwts.verify(presented);
    }
    return token(presented);
  }

  private Authentication token(String presented) {
    if (personalToken.matches(presented)) {
      return new Caller.User(personalLogin);
    }
    return apps.installationToken(presented)
        .<Authentication>map(this::unlessExpired)
        .orElseGet(Authentication.Refusal::unknown);
  }

  private Authentication unlessExpired(Caller.Installation caller) {
    return clock.instant().isBefore(caller.token().expiresAt())
        ? caller
        : new Authentication.Refusal(caller.credential(), Authentication.Refusal.BAD_CREDENTIALS);
  }
}
