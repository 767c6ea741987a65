package dev.kaka.notifier.projection;

import static dev.kaka.taskstore.TaskFields.AGENT;
import static dev.kaka.taskstore.TaskFields.AGENT_PROGRESS;
import static dev.kaka.taskstore.TaskFields.AGENT_PROGRESS_AT;
import static dev.kaka.taskstore.TaskFields.ATTEMPT;
import static dev.kaka.taskstore.TaskFields.BASE_BRANCH;
import static dev.kaka.taskstore.TaskFields.BRANCH;
import static dev.kaka.taskstore.TaskFields.CANCELLED_BY;
import static dev.kaka.taskstore.TaskFields.CREATED_AT;
import static dev.kaka.taskstore.TaskFields.DELIVERY_ID;
import static dev.kaka.taskstore.TaskFields.ERROR;
import static dev.kaka.taskstore.TaskFields.FAILURE_KIND;
import static dev.kaka.taskstore.TaskFields.FILES_CHANGED;
import static dev.kaka.taskstore.TaskFields.FINISHED_AT;
import static dev.kaka.taskstore.TaskFields.HEAD_SHA;
import static dev.kaka.taskstore.TaskFields.ID;
import static dev.kaka.taskstore.TaskFields.INSTRUCTIONS;
import static dev.kaka.taskstore.TaskFields.ISSUE_NUMBER;
import static dev.kaka.taskstore.TaskFields.ISSUE_TITLE;
import static dev.kaka.taskstore.TaskFields.ISSUE_URL;
import static dev.kaka.taskstore.TaskFields.PROGRESS;
import static dev.kaka.taskstore.TaskFields.PULL_REQUEST_NUMBER;
import static dev.kaka.taskstore.TaskFields.PULL_REQUEST_URL;
import static dev.kaka.taskstore.TaskFields.REPORTED_PROGRESS;
import static dev.kaka.taskstore.TaskFields.REPOSITORY;
import static dev.kaka.taskstore.TaskFields.REQUESTER;
import static dev.kaka.taskstore.TaskFields.RETRYABLE;
import static dev.kaka.taskstore.TaskFields.SOURCE;
import static dev.kaka.taskstore.TaskFields.STARTED_AT;
import static dev.kaka.taskstore.TaskFields.STATUS;
import static dev.kaka.taskstore.TaskFields.TRIGGER;
import static dev.kaka.taskstore.TaskFields.UPDATED_AT;
import static dev.kaka.taskstore.TaskFields.WORKER;

import dev.kaka.common.event.AgentReport;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.Review;
import dev.kaka.common.event.TaskCancelled;
import dev.kaka.common.event.TaskCompleted;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TaskFailed;
import dev.kaka.common.event.TaskProgressed;
import dev.kaka.common.event.TaskStarted;
import dev.kaka.notifier.github.PullRequestInfo;
import dev.kaka.taskstore.TaskDocument;
import dev.kaka.taskstore.TaskStatus;
import java.time.Instant;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Writes the task store ({@link TaskDocument}): one document per task, written only with upserts so
 * that an event seen twice, or late, leaves the document as it was; with it the task's transcript
 * ({@link TranscriptStore}), audit trail ({@link AuditStore}) and budgets ({@link BudgetStore}).
 * What was reported to GitHub is appended to the {@link ReportLog} first, so that the whole
 * collection can be rebuilt from the topics ({@link ProjectionRebuild}) with the same upserts.
 */
@Component
public class TaskStore {

  private final MongoTemplate mongo;
  private final TranscriptStore transcripts;
  private final AuditStore audits;
  private final BudgetStore budgets;
  private final ReportLog reports;

  TaskStore(
      MongoTemplate mongo,
      TranscriptStore transcripts,
      AuditStore audits,
      BudgetStore budgets,
      ReportLog reports) {
    this.mongo = mongo;
    this.transcripts = transcripts;
    this.audits = audits;
    this.budgets = budgets;
    this.reports = reports;
  }

  /** Records {@code event}; its status only if it is newer than what is recorded. */
  public void project(TaskEvent event) {
    int progress = Progress.of(event);
    Query current = Query.query(Criteria.where(ID).is(event.taskId()).and(PROGRESS).lt(progress));
    Update update = describe(event);
    applyStatus(event, update.set(PROGRESS, progress));
    try {
      mongo.upsert(current, update, TaskDocument.class);
    } catch (DuplicateKeyException newerAlreadyRecorded) {
      mongo.upsert(byId(event.taskId()), describe(event), TaskDocument.class);
    }
    audits.record(event);
    budgets.record(event);
    if (event instanceof TaskCompleted completed) {
      transcripts.record(event, completed.agent());
    } else if (event instanceof TaskFailed failed) {
      transcripts.record(event, failed.agent());
    }
  }

  /**
   * Records what the agent has done so far, while the attempt it belongs to is still the one
   * running: progress never outlives its attempt, and an older report never replaces a newer one.
   */
  public void recordProgress(TaskProgressed event) {
    Instant at = event.occurredAt();
    Query running =
        Query.query(
            new Criteria()
                .andOperator(
                    Criteria.where(ID).is(event.taskId()).and(PROGRESS).is(Progress.of(event)),
                    new Criteria()
                        .orOperator(
                            Criteria.where(AGENT_PROGRESS_AT).exists(false),
                            Criteria.where(AGENT_PROGRESS_AT).lte(at))));
    Update update =
        new Update()
            .set(
                AGENT_PROGRESS,
                new TaskDocument.AgentProgress(
                    event.turns(), event.currentTool(), event.filesTouched(), at));
    mongo.updateFirst(running, update, TaskDocument.class);
  }

  /** The rank of the last event reported to GitHub for this task, 0 when none. */
  public int reportedProgress(String taskId) {
    TaskDocument task = mongo.findById(taskId, TaskDocument.class);
    return task == null || task.reportedProgress() == null ? 0 : task.reportedProgress();
  }

  /** Records that {@code event} was reported to GitHub, with the pull request it opened if any. */
  public void recordReported(TaskEvent event, PullRequestInfo pullRequest) {
    Reported reported =
        new Reported(
            event.taskId(),
            Progress.of(event),
            pullRequest == null ? null : pullRequest.number(),
            pullRequest == null ? null : pullRequest.url());
    // logged first: a report logged twice changes nothing, one recorded but not logged would be
    // missing from a rebuild, since the recorded rank stops it from being reported again
    reports.append(event.partitionKey(), reported);
    apply(reported);
  }

  void apply(Reported reported) {
    Update update = new Update().max(REPORTED_PROGRESS, reported.progress());
    if (reported.pullRequestUrl() != null) {
      update
          .set(PULL_REQUEST_URL, reported.pullRequestUrl())
          .set(PULL_REQUEST_NUMBER, reported.pullRequestNumber());
    }
    mongo.upsert(byId(reported.taskId()), update, TaskDocument.class);
  }

  private static Query byId(String taskId) {
    return Query.query(Criteria.where(ID).is(taskId));
  }

  /** What every event knows about the task; true whatever the order of arrival. */
  private static Update describe(TaskEvent event) {
    Update update =
        new Update()
            .set(DELIVERY_ID, event.deliveryId())
            .set(REPOSITORY, event.repository().fullName())
            .set(ISSUE_NUMBER, event.issue().number())
            .set(ISSUE_TITLE, event.issue().title())
            .set(ISSUE_URL, event.issue().url())
            .min(CREATED_AT, event.occurredAt());
    if (event instanceof IssueTriggered triggered) {
      update
          .set(REQUESTER, triggered.trigger().requester())
          .set(TRIGGER, triggered.trigger().kind().name())
          .set(INSTRUCTIONS, triggered.trigger().instructions());
      if (triggered.pullRequest() != null) {
        update
            .set(PULL_REQUEST_NUMBER, triggered.pullRequest().number())
            .set(PULL_REQUEST_URL, triggered.pullRequest().url());
      }
      update.set(SOURCE, source(triggered));
    }
    return update;
  }

  /**
   * What the task API needs to run the task again: the trigger as it came, less the trigger kind.
   */
  private static TaskDocument.Source source(IssueTriggered triggered) {
    TaskDocument.SourcePullRequest pullRequest =
        triggered.pullRequest() == null
            ? null
            : new TaskDocument.SourcePullRequest(
                triggered.pullRequest().number(),
                triggered.pullRequest().branch(),
                triggered.pullRequest().url());
    return new TaskDocument.Source(
        triggered.repository().owner(),
        triggered.repository().name(),
        triggered.repository().cloneUrl(),
        triggered.repository().defaultBranch(),
        triggered.issueBody(),
        pullRequest,
        review(triggered.trigger().review()));
  }

  /**
   * The review a follow-up carries, kept so that a retry asks for the same changes as the review
   * did, even after its comments changed on GitHub; a retry's trigger carries it on, so every later
   * retry keeps it too.
   */
  private static TaskDocument.SourceReview review(Review review) {
    if (review == null) {
      return null;
    }
    return new TaskDocument.SourceReview(
        review.id(),
        review.comments().stream()
            .map(
                comment ->
                    new TaskDocument.SourceReviewComment(
                        comment.path(), comment.line(), comment.body()))
            .toList(),
        review.leftOut(),
        review.reviewer());
  }

  private static void applyStatus(TaskEvent event, Update update) {
    Instant at = event.occurredAt();
    update.set(ATTEMPT, event.attempt()).set(UPDATED_AT, at);
    if (event instanceof IssueTriggered) {
      update.set(STATUS, TaskStatus.QUEUED);
      clearOutcome(update);
    } else if (event instanceof TaskStarted started) {
      update
          .set(STATUS, TaskStatus.RUNNING)
          .set(STARTED_AT, at)
          .set(BRANCH, started.branch())
          .set(WORKER, started.worker());
      clearOutcome(update);
    } else if (event instanceof TaskCompleted completed) {
      update
          .set(STATUS, TaskStatus.COMPLETED)
          .set(FINISHED_AT, at)
          .set(BRANCH, completed.branch())
          .set(BASE_BRANCH, completed.baseBranch())
          .set(HEAD_SHA, completed.headSha())
          .set(FILES_CHANGED, completed.filesChanged())
          .set(AGENT, agent(completed.agent()));
    } else if (event instanceof TaskCancelled cancelled) {
      update
          .set(STATUS, TaskStatus.CANCELLED)
          .set(FINISHED_AT, at)
          .set(CANCELLED_BY, cancelled.requester());
    } else if (event instanceof TaskFailed failed) {
      update
          .set(STATUS, TaskStatus.FAILED)
          .set(FINISHED_AT, at)
          .set(FAILURE_KIND, failed.failure().name())
          .set(ERROR, failed.message())
          .set(RETRYABLE, failed.retryable())
          .set(AGENT, agent(failed.agent()));
    }
  }

  private static void clearOutcome(Update update) {
    update
        .unset(FINISHED_AT)
        .unset(FAILURE_KIND)
        .unset(ERROR)
        .unset(RETRYABLE)
        .unset(HEAD_SHA)
        .unset(FILES_CHANGED)
        .unset(AGENT)
        .unset(AGENT_PROGRESS);
  }

  /** The report without its transcript, which has a collection of its own. */
  private static TaskDocument.Agent agent(AgentReport report) {
    TaskDocument.Usage usage =
        report.usage() == null
            ? null
            : new TaskDocument.Usage(
                report.usage().inputTokens(),
                report.usage().outputTokens(),
                report.usage().cacheCreationInputTokens(),
                report.usage().cacheReadInputTokens());
    return new TaskDocument.Agent(
        report.summary(),
        report.turns(),
        report.costUsd(),
        report.durationMs(),
        report.sessionId(),
        usage,
        report.permissionDenials().stream()
            .map(denial -> new TaskDocument.PermissionDenial(denial.tool(), denial.target()))
            .toList());
  }
}
