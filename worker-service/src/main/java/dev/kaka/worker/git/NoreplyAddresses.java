package dev.kaka.worker.git;

import dev.kaka.support.github.GitHubServer;

/**
 * GitHub's noreply e-mail addresses, which attribute a commit to an account without naming a
 * mailbox: {@code ID+LOGIN@users.noreply.github.com}, or {@code users.noreply.HOST} on a GitHub
 * Enterprise Server.
 */
public final class NoreplyAddresses {

  private final String domain;

  public NoreplyAddresses(GitHubServer server) {
    this.domain = "users.noreply." + server.host();
  }

  /**
   * The account's address: with its user id GitHub links the commit to the account even after a
   * rename; without, only by login.
   */
  public String of(String login, Long userId) {
    return (userId == null ? "" : userId + "+") + login + "@" + domain;
  }
}
