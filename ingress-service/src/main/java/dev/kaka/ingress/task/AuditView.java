package dev.kaka.ingress.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kaka.taskstore.AuditDocument;
import dev.kaka.taskstore.TaskDocument;
import dev.kaka.taskstore.TranscriptDocument;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * What a task's audit shows: who asked for it and everything that happened to it, the prompt and
 * settings of its latest run, and what the agent printed.
 *
 * @param requester who triggered the latest attempt
 * @param trigger how: a {@code TriggerKind} name
 * @param history the task's history, oldest first
 * @param promptAttempt the attempt whose prompt and settings are shown; absent before a run started
 * @param prompt what the agent was told, secrets masked
 * @param settings the settings the run applied, and which came from {@code .github/kaka.yml}
 * @param transcript what the agent printed in the latest attempt that ran it; absent before one did
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record AuditView(
    String taskId,
    String repository,
    Integer issueNumber,
    String issueUrl,
    String requester,
    String trigger,
    String status,
    Integer attempt,
    List<Entry> history,
    Integer promptAttempt,
    String prompt,
    AuditDocument.Settings settings,
    TranscriptView transcript) {

  /** One thing that happened to the task (see {@link AuditDocument.HistoryEntry}). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Entry(String event, Integer attempt, String by, String detail, Instant at) {}

  static AuditView of(TaskDocument task, AuditDocument audit, TranscriptDocument transcript) {
    List<Entry> history =
        audit == null || audit.history() == null
            ? List.of()
            : audit.history().stream()
                .sorted(
                    Comparator.comparing(
                        AuditDocument.HistoryEntry::at,
                        Comparator.nullsFirst(Comparator.<Instant>naturalOrder())))
                .map(
                    entry ->
                        new Entry(
                            entry.event(), entry.attempt(), entry.by(), entry.detail(), entry.at()))
                .toList();
    return new AuditView(
        task.id(),
        task.repository(),
        task.issueNumber(),
        task.issueUrl(),
        task.requester(),
        task.trigger(),
        task.status() == null ? null : task.status().storedName(),
        task.attempt(),
        history,
        audit == null ? null : audit.runAttempt(),
        audit == null ? null : audit.prompt(),
        audit == null ? null : audit.settings(),
        transcript == null ? null : TranscriptView.of(transcript));
  }
}
