package dev.kaka.worker.git;

import dev.kaka.common.event.RepositoryRef;
import dev.kaka.support.github.AppBot;
import dev.kaka.support.github.GitHubApp;
import dev.kaka.support.github.RepositoryTokens;

/**
 * Who the worker's commits are by: {@code kaka.git.author.*} where configured; otherwise, as a
 * GitHub App, the App's bot user, so that GitHub shows the commits as the App's (the pushes are its
 * too); otherwise Kaka.
 */
public final class CommitAuthor {

  private final GitProperties.Author configured;
  private final GitHubApp app;
  private final RepositoryTokens tokens;
  private final NoreplyAddresses noreply;

  private CommitAuthor(
      GitProperties.Author configured,
      GitHubApp app,
      RepositoryTokens tokens,
      NoreplyAddresses noreply) {
    this.configured = configured;
    this.app = app;
    this.tokens = tokens;
    this.noreply = noreply;
  }

  /** With a token, or without credentials: Kaka, where not configured otherwise. */
  public static CommitAuthor kaka(GitProperties.Author configured) {
    return new CommitAuthor(configured, null, null, null);
  }

  /** As a GitHub App: its bot user, where not configured otherwise. */
  public static CommitAuthor appBot(
      GitProperties.Author configured,
      GitHubApp app,
      RepositoryTokens tokens,
      NoreplyAddresses noreply) {
    return new CommitAuthor(configured, app, tokens, noreply);
  }

  /**
   * The identity for a commit to {@code repository}. The App's bot is looked up once, with the
   * repository's installation token: ask before the agent runs, while that token is fresh.
   *
   * @throws dev.kaka.support.github.GitHubAppException if GitHub gave the App no token or did not
   *     say who its bot is
   */
  public GitProperties.Author of(RepositoryRef repository) {
    if (configured.complete() || app == null) {
      return configured.orElse(GitProperties.Author.KAKA);
    }
    AppBot bot = app.bot(tokens.tokenFor(repository.owner(), repository.name()));
    return configured.orElse(
        new GitProperties.Author(bot.login(), noreply.of(bot.login(), bot.userId())));
  }
}
