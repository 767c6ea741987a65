package dev.kaka.notifier.github;

import dev.kaka.common.event.RepositoryRef;

/**
 * What the notifier does on GitHub. Every operation is idempotent: repeating it changes nothing.
 */
public interface GitHubGateway {

  /**
   * Opens a pull request from {@code head} into {@code base}, or finds the one already open.
   *
   * @return the pull request's number and web URL
   */
  PullRequestInfo ensurePullRequest(RepositoryRef repository, PullRequestDraft draft);

  /**
   * Continues pull request {@code number}, which a task worked on from the draft's head, without
   * asking GitHub to open it again: it ends up open with the draft's labels. One closed meanwhile
   * is reopened, since someone asked for the work on it; one merged meanwhile (or that GitHub will
   * not reopen) leaves the new commits to a pull request opened, or found, as {@link
   * #ensurePullRequest} does.
   *
   * @return the pull request's number and web URL, a new one's when it was not continued
   */
  PullRequestInfo continuePullRequest(RepositoryRef repository, int number, PullRequestDraft draft);

  /**
   * Makes the issue's comment tagged with {@code marker} read {@code body}: creates it when there
   * is none, edits it when it reads otherwise, leaves it alone when it already reads so.
   */
  void upsertComment(RepositoryRef repository, int issueNumber, String marker, String body);

  /**
   * Gives the issue the label {@code label} and none of the other {@code family}: the labels that
   * show a task's state.
   */
  void replaceLabel(
      RepositoryRef repository, int issueNumber, String label, java.util.Set<String> family);
}
