package dev.kaka.taskstore;

import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.convert.ValueConverter;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One task in the {@value #COLLECTION} collection: the notifier's projection of the task's events,
 * which it alone writes (with upserts, see {@code notifier/projection/TaskStore}) and the ingress
 * reads. Every field but {@link #id} is absent until an event (or a report) sets it, so each is
 * nullable.
 *
 * <p>Read, query and update it through this class, never through the collection's name alone: the
 * mapping is what stores {@link #status} under its lowercase name and keeps Spring Data's type
 * hints out of the sub-documents. Field names for queries and updates are in {@link TaskFields}.
 *
 * @param id the task id, which every event of the task carries
 * @param deliveryId the GitHub delivery that triggered the task
 * @param repository {@code owner/name}
 * @param issueNumber the issue the task works on
 * @param issueTitle the issue's title when triggered
 * @param issueUrl the issue's page on GitHub
 * @param requester who triggered the latest attempt
 * @param trigger how it was triggered: a {@code TriggerKind} name ({@code LABEL}, {@code COMMENT},
 *     {@code RETRY}, …)
 * @param instructions what the trigger added to the issue, empty when nothing
 * @param source what the task API needs to run the task again
 * @param status where the task stands, after its newest event
 * @param attempt the attempt the newest event belongs to, from 1
 * @param progress the rank of the newest event applied (a later attempt, or a later stage of the
 *     same attempt, ranks higher): an event that ranks lower changes no status
 * @param reportedProgress the rank of the newest event reported to GitHub
 * @param branch the branch the worker pushes to
 * @param baseBranch the branch the pull request targets
 * @param headSha the commit the worker pushed
 * @param worker the worker that ran the latest attempt
 * @param filesChanged the files the pushed commit changed
 * @param pullRequestNumber the pull request Kaka opened (or followed up on) for the task
 * @param pullRequestUrl that pull request's page
 * @param failureKind why the task failed: a {@code FailureKind} name
 * @param error the failure's message
 * @param retryable whether running the failed task again may succeed
 * @param cancelledBy who asked to cancel it
 * @param agent what the agent reported when the attempt finished
 * @param agentProgress what the agent has done so far in the running attempt
 * @param createdAt when the first event of the task happened
 * @param startedAt when a worker started the latest attempt
 * @param finishedAt when the latest attempt finished; absent while it runs
 * @param updatedAt when the event behind the current status happened; the retention counts from it
 */
@Document(TaskDocument.COLLECTION)
public record TaskDocument(
    @Id String id,
    String deliveryId,
    String repository,
    Integer issueNumber,
    String issueTitle,
    String issueUrl,
    String requester,
    String trigger,
    String instructions,
    Source source,
    @ValueConverter(TaskStatusConverter.class) TaskStatus status,
    Integer attempt,
    Integer progress,
    Integer reportedProgress,
    String branch,
    String baseBranch,
    String headSha,
    String worker,
    List<String> filesChanged,
    Integer pullRequestNumber,
    String pullRequestUrl,
    String failureKind,
    String error,
    Boolean retryable,
    String cancelledBy,
    Agent agent,
    AgentProgress agentProgress,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    Instant updatedAt) {

  /** The collection's one name. */
  public static final String COLLECTION = "tasks";

  /**
   * The trigger as it came, less its kind: enough to queue the task again.
   *
   * @param owner the repository's owner
   * @param name the repository's name
   * @param cloneUrl where the worker clones it from
   * @param defaultBranch the repository's default branch
   * @param issueBody the issue's text when triggered
   * @param pullRequest the pull request a follow-up works on, absent for an issue
   * @param review the review whose comments a follow-up carries, absent for other triggers: a retry
   *     asks for the same changes. Within the ingress's cap on a review's comments
   */
  public record Source(
      String owner,
      String name,
      String cloneUrl,
      String defaultBranch,
      String issueBody,
      SourcePullRequest pullRequest,
      SourceReview review) {}

  /** The pull request a follow-up trigger works on. */
  public record SourcePullRequest(Integer number, String branch, String url) {}

  /**
   * A review that started a follow-up, as its trigger carried it.
   *
   * @param leftOut whether some of its comments were left out for length
   * @param reviewer who wrote it; absent when the trigger did not say
   */
  public record SourceReview(
      Long id, List<SourceReviewComment> comments, Boolean leftOut, String reviewer) {}

  /** One comment of a {@link SourceReview}; {@code line} is absent for one on a whole file. */
  public record SourceReviewComment(String path, Integer line, String body) {}

  /**
   * The agent's report on a finished attempt, without its transcript (in {@link
   * TranscriptDocument}). Each figure is absent when the agent did not report it.
   *
   * @param summary the agent's final message
   * @param permissionDenials the tool uses the agent asked for and was refused, in order
   */
  public record Agent(
      String summary,
      Integer turns,
      Double costUsd,
      Long durationMs,
      String sessionId,
      Usage usage,
      List<PermissionDenial> permissionDenials) {}

  /** The tokens an attempt used. */
  public record Usage(
      Long inputTokens,
      Long outputTokens,
      Long cacheCreationInputTokens,
      Long cacheReadInputTokens) {}

  /** A tool use the agent was refused, and on what. */
  public record PermissionDenial(String tool, String target) {}

  /**
   * The running attempt's latest progress report.
   *
   * @param turns the agent's turns so far
   * @param currentTool the tool it is using, absent between tools
   * @param filesTouched the files it has changed so far
   * @param at when the worker reported it
   */
  public record AgentProgress(
      Integer turns, String currentTool, List<String> filesTouched, Instant at) {}
}
