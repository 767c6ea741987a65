package dev.kaka.taskstore;

import java.util.Map;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * What one organisation, repository or requester spent in one window ({@link BudgetWindow}), in the
 * {@value #COLLECTION} collection. The ingress reserves each queued task's cap here before it
 * queues the task, with a conditional update, so that replicas sharing the database never together
 * reserve more than is left; the notifier mirrors the same reservation from the task's trigger (for
 * a rebuild of the projection), charges each finished run's reported cost and releases the
 * reservation when the task ends. Each of these happens once per document however often its event
 * comes: the task or run it came from is remembered in the document, with its amount. Amounts are
 * millionths of a dollar ({@link UsdMicros}). Field names for queries and updates are in {@link
 * BudgetFields}.
 *
 * @param id {@link BudgetKey#id()}
 * @param scope {@link BudgetScope#storedName()}
 * @param name the organisation, {@code owner/name} or login
 * @param window {@link BudgetWindow#storedName()}
 * @param period {@link BudgetWindow#period}
 * @param spentMicros what the window's finished runs cost
 * @param committedMicros what is spent plus what queued and running tasks reserved: what is gone
 *     from the window's limit
 * @param reservations what each task reserved, by task id
 * @param releases what each task's end gave back, by task id
 * @param charges what each finished run cost, by {@code taskId:attempt}
 * @param warned whether a task's status comment said that 80 % of the limit is spent
 */
@Document(BudgetDocument.COLLECTION)
public record BudgetDocument(
    @Id String id,
    String scope,
    String name,
    String window,
    String period,
    Long spentMicros,
    Long committedMicros,
    Map<String, Long> reservations,
    Map<String, Long> releases,
    Map<String, Long> charges,
    Boolean warned) {

  /** The collection's one name. */
  public static final String COLLECTION = "budgets";

  /** What is spent, 0 when nothing is. */
  public long spent() {
    return spentMicros == null ? 0 : spentMicros;
  }

  /** What is spent or reserved, 0 when nothing is. */
  public long committed() {
    return committedMicros == null ? 0 : committedMicros;
  }
}
