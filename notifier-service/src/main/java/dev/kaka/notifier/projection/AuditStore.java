package dev.kaka.notifier.projection;

import static dev.kaka.taskstore.AuditFields.HISTORY;
import static dev.kaka.taskstore.AuditFields.HISTORY_KEY;
import static dev.kaka.taskstore.AuditFields.ID;
import static dev.kaka.taskstore.AuditFields.ISSUE_NUMBER;
import static dev.kaka.taskstore.AuditFields.PROMPT;
import static dev.kaka.taskstore.AuditFields.REPOSITORY;
import static dev.kaka.taskstore.AuditFields.RUN_ATTEMPT;
import static dev.kaka.taskstore.AuditFields.SETTINGS;

import dev.kaka.common.event.RunSettings;
import dev.kaka.common.event.TaskEvent;
import dev.kaka.common.event.TaskStarted;
import dev.kaka.support.secrets.SecretMasker;
import dev.kaka.taskstore.AuditDocument;
import dev.kaka.taskstore.AuditDocument.HistoryEntry;
import dev.kaka.taskstore.AuditFields;
import java.util.Collections;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Writes the audit trail ({@link AuditDocument}), served by {@code GET /api/tasks/{id}/audit}: an
 * entry of the task's history per event, at most once however often the event comes and in time
 * order whatever the order it comes in, and the prompt and settings of the latest run that started.
 * The worker masked what looks like a secret in the prompt; this store masks again, knowing the
 * notifier's own token, since the prompt holds what users wrote.
 */
@Component
public class AuditStore {

  private final MongoTemplate mongo;
  private final SecretMasker masker;

  public AuditStore(MongoTemplate mongo, @Value("${kaka.github.token:}") String githubToken) {
    this.mongo = mongo;
    this.masker = SecretMasker.of(Collections.singletonList(githubToken));
  }

  /** Records what {@code event} adds to its task's audit trail. */
  public void record(TaskEvent event) {
    HistoryEntries.of(event).ifPresent(entry -> append(event, entry));
    if (event instanceof TaskStarted started
        && (started.prompt() != null || started.settings() != null)) {
      keepRun(started);
    }
  }

  private void append(TaskEvent event, HistoryEntry entry) {
    Query notRecordedYet =
        Query.query(Criteria.where(ID).is(event.taskId()).and(HISTORY_KEY).ne(entry.key()));
    // kept in time order, not arrival order: the two topics may come in any interleaving, and a
    // rebuild from them must write the same document; the cap then keeps the newest
    Update update =
        describe(event)
            .push(HISTORY)
            .sort(Sort.by(AuditFields.Entry.AT, AuditFields.Entry.KEY))
            .slice(-AuditDocument.MAX_HISTORY)
            .each(entry);
    try {
      mongo.upsert(notRecordedYet, update, AuditDocument.class);
    } catch (DuplicateKeyException recordedAlready) {
      // the task's document exists and holds the entry: the event came before
    }
  }

  /** The prompt and settings of {@code started}'s attempt, unless a later one's are kept. */
  private void keepRun(TaskStarted started) {
    Query sameOrEarlierRun =
        Query.query(
            Criteria.where(ID)
                .is(started.taskId())
                .orOperator(
                    Criteria.where(RUN_ATTEMPT).exists(false),
                    Criteria.where(RUN_ATTEMPT).lte(started.attempt())));
    // masking only shortens: the prompt stays within the cap the event holds it to
    Update update =
        describe(started)
            .set(RUN_ATTEMPT, started.attempt())
            .set(PROMPT, masker.mask(started.prompt()))
            .set(SETTINGS, settings(started.settings()));
    try {
      mongo.upsert(sameOrEarlierRun, update, AuditDocument.class);
    } catch (DuplicateKeyException laterRunKept) {
      // a later attempt's prompt and settings are the ones to keep
    }
  }

  private static Update describe(TaskEvent event) {
    return new Update()
        .set(REPOSITORY, event.repository().fullName())
        .set(ISSUE_NUMBER, event.issue().number());
  }

  private static AuditDocument.Settings settings(RunSettings applied) {
    if (applied == null) {
      return null;
    }
    return new AuditDocument.Settings(
        applied.model(),
        applied.maxTurns(),
        applied.maxBudgetUsd() == null ? null : applied.maxBudgetUsd().toPlainString(),
        applied.timeoutSeconds(),
        applied.baseBranch(),
        applied.branchPrefix(),
        applied.testCommand(),
        applied.setupCommands(),
        applied.network(),
        applied.fromRepository(),
        applied.repositoryFile() == null ? null : applied.repositoryFile().name());
  }
}
