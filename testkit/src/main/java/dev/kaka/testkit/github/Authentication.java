package dev.kaka.testkit.github;

/**
 * What the credentials of a request turned out to be, worked out once per request: a {@link
 * Caller}, or a {@link Refusal}.
 */
sealed interface Authentication permits Caller, Authentication.Refusal {

  /** For the call log, refused or not. */
  Credential credential();

  /** Credentials the fake does not accept; {@code message} is GitHub's for the 401. */
  record Refusal(Credential credential, String message) implements Authentication {

    static final String BAD_CREDENTIALS = "Bad credentials";

    static Refusal unknown() {
      return new Refusal(new Credential.Unknown(), BAD_CREDENTIALS);
    }
  }
}
