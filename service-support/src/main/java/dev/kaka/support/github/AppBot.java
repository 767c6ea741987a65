package dev.kaka.support.github;

/**
 * The GitHub user an App acts as: its commits, pull requests and comments show {@code slug[bot]}.
 *
 * @param slug the App's URL name
 * @param userId the bot user's id, which GitHub's noreply address for it starts with
 */
public record AppBot(String slug, long userId) {

  /** {@code slug[bot]}, the bot user's login. */
  public String login() {
    return slug + "[bot]";
  }
}
