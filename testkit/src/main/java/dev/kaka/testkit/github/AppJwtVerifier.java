package dev.kaka.testkit.github;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks an App's JWT as GitHub does: an RS256 signature by the key of the App named in {@code
 * iss}, an {@code exp} in the future but at most ten minutes ahead, and an {@code iat} that is not
 * in the future beyond clock drift.
 */
final class AppJwtVerifier {

  static final String UNDECODABLE = "A JSON web token could not be decoded";

  private static final Duration MAX_AHEAD = Duration.ofMinutes(10);
  // GitHub's advice is to backdate iat by 60 seconds, for clocks that run ahead of its own.
  private static final Duration CLOCK_DRIFT = Duration.ofSeconds(60);

  private final AppRegistry apps;
  private final JsonMapper mapper;
  private final Clock clock;

  AppJwtVerifier(AppRegistry apps, JsonMapper mapper, Clock clock) {
    this.apps = apps;
    this.mapper = mapper;
    this.clock = clock;
  }

  /** Whether a presented secret has the three dot-separated parts of a JWT. */
  static boolean looksLikeJwt(String presented) {
    return presented.chars().filter(c -> c == '.').count() == 2;
  }

  Authentication verify(String jwt) {
    String[] parts = jwt.split("\\.", -1);
    Optional<JsonNode> header = json(parts[0]);
    Optional<JsonNode> claims = json(parts[1]);
    if (header.isEmpty()
        || claims.isEmpty()
        || !"RS256".equals(header.get().path("alg").asString(""))) {
      return undecodable();
    }
    Optional<FakeGitHubApp> app = issuer(claims.get()).flatMap(apps::app);
    if (app.isEmpty() || !signedBy(app.get(), parts)) {
      return undecodable();
    }
    Credential credential = new Credential.AppJwt(app.get().id());
    long now = clock.instant().getEpochSecond();
    JsonNode exp = claims.get().path("exp");
    if (!exp.isNumber() || exp.asLong() <= now) {
      return new Authentication.Refusal(
          credential,
          "'Expiration time' claim ('exp') must be a numeric value representing the future time"
              + " at which the assertion expires");
    }
    if (exp.asLong() > now + MAX_AHEAD.toSeconds()) {
      return new Authentication.Refusal(
          credential, "'Expiration time' claim ('exp') is too far in the future");
    }
    JsonNode iat = claims.get().path("iat");
    if (!iat.isNumber() || iat.asLong() > now + CLOCK_DRIFT.toSeconds()) {
      return new Authentication.Refusal(
          credential,
          "'Issued at' claim ('iat') must be an Integer representing the time that the assertion"
              + " was issued");
    }
    return new Caller.App(app.get());
  }

  /** jjwt writes the App id as a string; other libraries write a number. GitHub takes both. */
  private static Optional<Long> issuer(JsonNode claims) {
    JsonNode iss = claims.path("iss");
    if (iss.isIntegralNumber()) {
      return Optional.of(iss.asLong());
    }
    try {
      return iss.isString() ? Optional.of(Long.parseLong(iss.stringValue())) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static boolean signedBy(FakeGitHubApp app, String[] parts) {
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initVerify(app.publicKey());
      signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      return signature.verify(Base64.getUrlDecoder().decode(parts[2]));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return false;
    }
  }

  private Optional<JsonNode> json(String base64Url) {
    try {
      JsonNode node = mapper.readTree(Base64.getUrlDecoder().decode(base64Url));
      return node.isObject() ? Optional.of(node) : Optional.empty();
    } catch (IllegalArgumentException | JacksonException e) {
      return Optional.empty();
    }
  }

  private static Authentication.Refusal undecodable() {
    return new Authentication.Refusal(new Credential.Unknown(), UNDECODABLE);
  }
}
