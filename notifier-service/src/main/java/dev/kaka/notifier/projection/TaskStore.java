package dev.kaka.notifier.projection;

import dev.kaka.common.event.AgentReport;
import dev.kaka.common.event.IssueTriggered;
import dev.kaka.common.event.TaskCancelled;
import dev.kaka.common.event.TaskCompleted;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TaskFailed;
import dev.kaka.common.event.TaskProgressed;
import dev.kaka.common.event.TaskStarted;
import dev.kaka.notifier.github.PullRequestInfo;
import java.util.Date;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The {@code tasks} collection: one document per task, written only with upserts so that an event
 * seen twice, or late, leaves the document as it was. What was reported to GitHub is appended to
 * the {@link ReportLog} first, so that the whole collection can be rebuilt from the topics ({@link
 * ProjectionRebuild}) with the same upserts.
 */
@Component
public class TaskStore {

  public static final String COLLECTION = "tasks";

  private final ReactiveMongoTemplate mongo;
  private final TranscriptStore transcripts;
  private final ReportLog reports;

  TaskStore(ReactiveMongoTemplate mongo, TranscriptStore transcripts, ReportLog reports) {
    this.mongo = mongo;
    this.transcripts = transcripts;
    this.reports = reports;
  }

  /** Records {@code event}; its status only if it is newer than what is recorded. */
  public void project(TaskEvent event) {
    int progress = Progress.of(event);
    Query current =
        Query.query(Criteria.where("_id").is(event.taskId()).and("progress").lt(progress));
    Update update = describe(event);
    applyStatus(event, update.set("progress", progress));
    try {
      mongo.upsert(current, update, COLLECTION).block();
    } catch (DuplicateKeyException newerAlreadyRecorded) {
      mongo
          .upsert(
              Query.query(Criteria.where("_id").is(event.taskId())), describe(event), COLLECTION)
          .block();
    }
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
    Date at = Date.from(event.occurredAt());
    Query running =
        Query.query(
            new Criteria()
                .andOperator(
                    Criteria.where("_id").is(event.taskId()).and("progress").is(Progress.of(event)),
                    new Criteria()
                        .orOperator(
                            Criteria.where("agentProgress.at").exists(false),
                            Criteria.where("agentProgress.at").lte(at))));
    Update update =
        new Update()
            .set(
                "agentProgress",
                new Document("turns", event.turns())
                    .append("currentTool", event.currentTool())
                    .append("filesTouched", event.filesTouched())
                    .append("at", at));
    mongo.updateFirst(running, update, COLLECTION).block();
  }

  /** The rank of the last event reported to GitHub for this task, 0 when none. */
  public int reportedProgress(String taskId) {
    Document doc = mongo.findById(taskId, Document.class, COLLECTION).block();
    return doc == null ? 0 : doc.get("reportedProgress", 0);
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
    Update update = new Update().max("reportedProgress", reported.progress());
    if (reported.pullRequestUrl() != null) {
      update
          .set("pullRequestUrl", reported.pullRequestUrl())
          .set("pullRequestNumber", reported.pullRequestNumber());
    }
    mongo
        .upsert(Query.query(Criteria.where("_id").is(reported.taskId())), update, COLLECTION)
        .block();
  }

  /** What every event knows about the task; true whatever the order of arrival. */
  private static Update describe(TaskEvent event) {
    Update update =
        new Update()
            .set("deliveryId", event.deliveryId())
            .set("repository", event.repository().fullName())
            .set("issueNumber", event.issue().number())
            .set("issueTitle", event.issue().title())
            .set("issueUrl", event.issue().url())
            .min("createdAt", Date.from(event.occurredAt()));
    if (event instanceof IssueTriggered triggered) {
      update
          .set("requester", triggered.trigger().requester())
          .set("trigger", triggered.trigger().kind().name())
          .set("instructions", triggered.trigger().instructions());
      if (triggered.pullRequest() != null) {
        update
            .set("pullRequestNumber", triggered.pullRequest().number())
            .set("pullRequestUrl", triggered.pullRequest().url());
      }
      update.set("source", source(triggered));
    }
    return update;
  }

  /**
   * What the task API needs to run the task again: the trigger as it came, less the trigger kind.
   */
  private static Document source(IssueTriggered triggered) {
    Document source =
        new Document("owner", triggered.repository().owner())
            .append("name", triggered.repository().name())
            .append("cloneUrl", triggered.repository().cloneUrl())
            .append("defaultBranch", triggered.repository().defaultBranch())
            .append("issueBody", triggered.issueBody());
    if (triggered.pullRequest() != null) {
      source.append(
          "pullRequest",
          new Document("number", triggered.pullRequest().number())
              .append("branch", triggered.pullRequest().branch())
              .append("url", triggered.pullRequest().url()));
    }
    return source;
  }

  private static void applyStatus(TaskEvent event, Update update) {
    Date at = Date.from(event.occurredAt());
    update.set("attempt", event.attempt()).set("updatedAt", at);
    if (event instanceof IssueTriggered) {
      update.set("status", "queued");
      clearOutcome(update);
    } else if (event instanceof TaskStarted started) {
      update
          .set("status", "running")
          .set("startedAt", at)
          .set("branch", started.branch())
          .set("worker", started.worker());
      clearOutcome(update);
    } else if (event instanceof TaskCompleted completed) {
      update
          .set("status", "completed")
          .set("finishedAt", at)
          .set("branch", completed.branch())
          .set("baseBranch", completed.baseBranch())
          .set("headSha", completed.headSha())
          .set("filesChanged", completed.filesChanged())
          .set("agent", agent(completed.agent()));
    } else if (event instanceof TaskCancelled cancelled) {
      update
          .set("status", "cancelled")
          .set("finishedAt", at)
          .set("cancelledBy", cancelled.requester());
    } else if (event instanceof TaskFailed failed) {
      update
          .set("status", "failed")
          .set("finishedAt", at)
          .set("failureKind", failed.failure().name())
          .set("error", failed.message())
          .set("retryable", failed.retryable())
          .set("agent", agent(failed.agent()));
    }
  }

  private static void clearOutcome(Update update) {
    update
        .unset("finishedAt")
        .unset("failureKind")
        .unset("error")
        .unset("retryable")
        .unset("headSha")
        .unset("filesChanged")
        .unset("agent")
        .unset("agentProgress");
  }

  /** The report without its transcript, which has a collection of its own. */
  private static Document agent(AgentReport report) {
    Document agent =
        new Document("summary", report.summary())
            .append("turns", report.turns())
            .append("costUsd", report.costUsd())
            .append("durationMs", report.durationMs())
            .append("sessionId", report.sessionId());
    if (report.usage() != null) {
      agent.append(
          "usage",
          new Document("inputTokens", report.usage().inputTokens())
              .append("outputTokens", report.usage().outputTokens())
              .append("cacheCreationInputTokens", report.usage().cacheCreationInputTokens())
              .append("cacheReadInputTokens", report.usage().cacheReadInputTokens()));
    }
    return agent.append(
        "permissionDenials",
        report.permissionDenials().stream()
            .map(denial -> new Document("tool", denial.tool()).append("target", denial.target()))
            .toList());
  }
}
