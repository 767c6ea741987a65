package dev.kaka.testkit.github;

/**
 * One request for an attached file on {@link FakeGitHub}.
 *
 * @param path the path asked for, without the query (which holds the signature)
 * @param withAuthorization whether the request carried an {@code Authorization} header
 * @param status what the fake answered
 */
public record AttachmentDownload(String path, boolean withAuthorization, int status) {}
