package dev.kaka.notifier.report;

import dev.kaka.common.event.ChecksFailed;
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
import dev.kaka.support.dashboard.DashboardProperties;
import org.springframework.stereotype.Component;

/**
 * Tells GitHub what a task event means: the status comment, the state label, and the pull request
 * when done.
 */
@Component
class TaskReporter {

  private final GitHubGateway github;
  private final ReportProperties properties;
  private final DashboardProperties dashboard;

  TaskReporter(GitHubGateway github, ReportProperties properties, DashboardProperties dashboard) {
    this.github = github;
    this.properties = properties;
    this.dashboard = dashboard;
  }

  /** Reports a queued task. */
  void queued(IssueTriggered triggered) {
    post(triggered, StatusComment.queued(triggered), properties.queuedLabel());
  }

  void running(TaskStarted started) {
    post(started, StatusComment.running(started), properties.runningLabel());
  }

  /**
   * Opens (or finds) the task's pull request, or continues the one the task worked on, and reports
   * it; returns the pull request.
   */
  PullRequestInfo completed(TaskCompleted completed) {
    TaskSettings.PullRequest asked =
        completed.settings() == null ? null : completed.settings().pullRequestOrEmpty();
    PullRequestDraft draft =
        new PullRequestDraft(
            completed.issue().title(),
            completed.branch(),
            completed.baseBranch(),
            linked(completed, StatusComment.pullRequestBody(completed)),
            asked != null && Boolean.TRUE.equals(asked.draft()),
            asked == null ? null : asked.labels());
    PullRequestInfo pullRequest =
        completed.pullRequest() == null
            ? github.ensurePullRequest(completed.repository(), draft)
            : github.continuePullRequest(
                completed.repository(), completed.pullRequest().number(), draft);
    post(completed, StatusComment.completed(completed, pullRequest.url()), properties.doneLabel());
    return pullRequest;
  }

  void cancelled(TaskCancelled cancelled) {
    post(cancelled, StatusComment.cancelled(cancelled), properties.cancelledLabel());
  }

  void failed(TaskFailed failed) {
    post(failed, StatusComment.failed(failed), properties.failedLabel());
  }

  /** Writes the task's status comment, and its state label unless state labels are off. */
  private void post(TaskEvent event, String body, String label) {
    github.upsertComment(
        event.repository(),
        event.issue().number(),
        StatusComment.marker(event.taskId()),
        linked(event, body));
    if (properties.stateLabels()) {
      github.replaceLabel(event.repository(), event.issue().number(), label, properties.labels());
    }
  }

  /** {@code text} linking the task's page on the dashboard, when it has a public address. */
  private String linked(TaskEvent event, String text) {
    return dashboard
        .taskPage(event.taskId())
        .map(page -> StatusComment.withTaskPage(text, event.taskId(), page))
        .orElse(text);
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

  /**
   * Says on the pull request which checks failed on its head and what Kaka does about them: one
   * comment per head commit, edited as more checks fail on it.
   */
  void checksFailed(ChecksFailed failed) {
    github.upsertComment(
        failed.repository(),
        failed.issue().number(),
        StatusComment.checksMarker(failed.headSha()),
        StatusComment.checksFailed(failed));
  }
}
