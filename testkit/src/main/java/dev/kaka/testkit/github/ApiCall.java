package dev.kaka.testkit.github;

/**
 * A REST call {@link FakeGitHub} received, answered or not.
 *
 * @param path the path below {@code /api/v3}, decoded, without the query
 */
public record ApiCall(String method, String path, Credential credential) {}
