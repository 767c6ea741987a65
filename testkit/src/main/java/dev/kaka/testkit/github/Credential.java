package dev.kaka.testkit.github;

/**
 * What a REST call to {@link FakeGitHub} authenticated with, as the fake understood it, so that
 * tests can check which calls a client made with which credential.
 */
public sealed interface Credential {

  /** The fake's one personal token, acting as {@value FakeGitHub#BOT_LOGIN}. */
  record PersonalToken() implements Credential {}

  /** A JSON web token signed with the private key of App {@code appId}. */
  record AppJwt(long appId) implements Credential {}

  /** An installation token the fake issued, whether still valid or already expired. */
  record InstallationToken(long installationId, String token) implements Credential {}

  /** No credential, or one the fake does not know: a wrong token, or a JWT it could not verify. */
  record Unknown() implements Credential {}
}
