package dev.kaka.notifier.report;

import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.TaskCompleted;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TaskFailed;
import dev.kaka.common.event.TaskStarted;
import dev.kaka.notifier.github.GitHubGateway;
import dev.kaka.notifier.github.PullRequestDraft;
import org.springframework.stereotype.Component;

/** Tells GitHub what a task event means: the status comment, and the pull request when done. */
@Component
class TaskReporter {

  private final GitHubGateway github;

  TaskReporter(GitHubGateway github) {
    this.github = github;
  }

  /** Reports {@code event}; returns the pull request's URL when it opened (or found) one. */
  String report(TaskEvent event) {
    String pullRequestUrl = null;
    String body;
    if (event instanceof IssueTriggered triggered) {
      body = StatusComment.queued(triggered);
    } else if (event instanceof TaskStarted started) {
      body = StatusComment.running(started);
    } else if (event instanceof TaskCompleted completed) {
      pullRequestUrl = github.ensurePullRequest(completed.repository(), new PullRequestDraft(
          completed.issue().title(), completed.branch(), completed.baseBranch(),
          StatusComment.pullRequestBody(completed)));
      body = StatusComment.completed(completed, pullRequestUrl);
    } else {
      body = StatusComment.failed((TaskFailed) event);
    }
    github.upsertComment(event.repository(), event.issue().number(),
        StatusComment.marker(event.taskId()), body);
    return pullRequestUrl;
  }
}
