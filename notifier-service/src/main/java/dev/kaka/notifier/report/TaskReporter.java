package dev.kaka.notifier.report;

import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.TaskCancelled;
import dev.kaka.common.event.TaskCompleted;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TaskFailed;
import dev.kaka.common.event.TaskSettings;
import dev.kaka.common.event.TaskStarted;
import dev.kaka.common.event.TriggerRefused;
import dev.kaka.notifier.github.GitHubGateway;
import dev.kaka.notifier.github.PullRequestDraft;
import dev.kaka.notifier.github.PullRequestInfo;
import org.springframework.stereotype.Component;

/**
 * Tells GitHub what a task event means: the status comment, the state label, and the pull request
 * when done.
 */
@Component
class TaskReporter {

  private final GitHubGateway github;
  private final ReportProperties properties;

  TaskReporter(GitHubGateway github, ReportProperties properties) {
    this.github = github;
    this.properties = properties;
  }

  /** Reports {@code event}; returns the pull request when it opened (or found) one, else null. */
  PullRequestInfo report(TaskEvent event) {
    PullRequestInfo pullRequest = null;
    String body;
    String label;
    if (event instanceof IssueTriggered triggered) {
      body = StatusComment.queued(triggered);
      label = properties.queuedLabel();
    } else if (event instanceof TaskStarted started) {
      body = StatusComment.running(started);
      label = properties.runningLabel();
    } else if (event instanceof TaskCompleted completed) {
      TaskSettings.PullRequest asked =
          completed.settings() == null ? null : completed.settings().pullRequestOrEmpty();
      pullRequest =
          github.ensurePullRequest(
              completed.repository(),
              new PullRequestDraft(
                  completed.issue().title(),
                  completed.branch(),
                  completed.baseBranch(),
                  StatusComment.pullRequestBody(completed),
                  asked != null && Boolean.TRUE.equals(asked.draft()),
                  asked == null ? null : asked.labels()));
      body = StatusComment.completed(completed, pullRequest.url());
      label = properties.doneLabel();
    } else if (event instanceof TaskCancelled cancelled) {
      body = StatusComment.cancelled(cancelled);
      label = properties.cancelledLabel();
    } else {
      body = StatusComment.failed((TaskFailed) event);
      label = properties.failedLabel();
    }
    github.upsertComment(
        event.repository(), event.issue().number(), StatusComment.marker(event.taskId()), body);
    if (properties.stateLabels()) {
      github.replaceLabel(event.repository(), event.issue().number(), label, properties.labels());
    }
    return pullRequest;
  }

  /** Answers a refused trigger, once per person and issue, unless configured to stay silent. */
  void refuse(TriggerRefused refused) {
    if (!properties.answerRefusals()) {
      return;
    }
    String marker = StatusComment.refusalMarker(refused.requester());
    github.upsertComment(
        refused.repository(), refused.issue().number(), marker, StatusComment.refused(refused));
  }
}
