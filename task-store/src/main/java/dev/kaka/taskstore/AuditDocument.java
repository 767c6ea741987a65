package dev.kaka.taskstore;

import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A task's audit trail in the {@value #COLLECTION} collection: who triggered, retried and cancelled
 * it, when its runs started and finished, the prompt the agent was given and the settings its run
 * applied. Kept apart from {@link TaskDocument} for its size, which the task list never needs.
 * Written by the notifier from the task's events (so a rebuild of the projection writes it again),
 * read by the task API, deleted with its task. Field names for queries and updates are in {@link
 * AuditFields}.
 *
 * @param id the task's id
 * @param repository {@code owner/name}
 * @param issueNumber the task's issue
 * @param history what happened to the task, oldest first (by time, then key), at most {@value
 *     #MAX_HISTORY} entries, the newest kept
 * @param runAttempt the attempt whose prompt and settings are kept: the latest that started
 * @param prompt what the agent was told in that attempt, secrets masked, capped in size
 * @param settings the settings that attempt applied
 */
@Document(AuditDocument.COLLECTION)
public record AuditDocument(
    @Id String id,
    String repository,
    Integer issueNumber,
    List<HistoryEntry> history,
    Integer runAttempt,
    String prompt,
    Settings settings) {

  /** The collection's one name. */
  public static final String COLLECTION = "audits";

  /** The longest history kept per task; a task retried over and over drops its oldest entries. */
  public static final int MAX_HISTORY = 100;

  /**
   * One thing that happened to the task.
   *
   * @param key what makes the entry unique within the task (its event and attempt), so that an
   *     event seen twice is recorded once
   * @param event {@code triggered}, {@code retried}, {@code started}, {@code completed}, {@code
   *     failed} or {@code cancelled}
   * @param attempt the attempt it belongs to
   * @param by who did it: the GitHub login or dashboard account that triggered, retried or
   *     cancelled, the worker that started a run; absent for an outcome
   * @param detail what more there is to say: how it was triggered, the commit, the failure kind
   * @param at when it happened
   */
  public record HistoryEntry(
      String key, String event, Integer attempt, String by, String detail, Instant at) {}

  /**
   * The settings a run applied (see the {@code RunSettings} event record).
   *
   * @param maxBudgetUsd a decimal, as written
   * @param fromRepository the keys of {@code .github/kaka.yml} that applied
   * @param repositoryFile {@code READ}, {@code ABSENT} or {@code UNREADABLE}
   */
  public record Settings(
      String model,
      Integer maxTurns,
      String maxBudgetUsd,
      Long timeoutSeconds,
      String baseBranch,
      String branchPrefix,
      String testCommand,
      List<String> setupCommands,
      List<String> network,
      List<String> fromRepository,
      String repositoryFile) {}
}
