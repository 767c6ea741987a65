package dev.kaka.ingress.review;

/**
 * A comment of a review as GitHub lists it.
 *
 * @param login its author's login
 * @param path the file it is on
 * @param line the line of the file's new version it is on; null for the file as a whole, or a line
 *     the pull request no longer has
 */
public record PostedReviewComment(String login, String path, Integer line, String body) {}
