package dev.kaka.ingress.conversation;

import java.time.Instant;

/**
 * A comment under an issue as GitHub lists it, before Kaka decides whether to trust it.
 *
 * @param login its author's login
 * @param accountType {@code User}, {@code Bot} or {@code Organization}
 * @param association the author's {@code author_association} with the repository
 */
public record PostedComment(
    String login, String accountType, String association, String body, Instant createdAt) {}
