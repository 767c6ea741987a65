package dev.kaka.taskstore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@link BudgetDocument}: whose spending in which window.
 *
 * @param name the organisation, {@code owner/name} or login
 * @param period {@link BudgetWindow#period}
 */
public record BudgetKey(BudgetScope scope, String name, BudgetWindow window, String period) {

  /** The document of {@code scope}'s {@code name} in {@code window} at {@code at}. */
  public static BudgetKey of(BudgetScope scope, String name, BudgetWindow window, Instant at) {
    return new BudgetKey(scope, name, window, window.period(at));
  }

  /**
   * Every document a task of {@code repository} ({@code owner/name}) asked by {@code requester}
   * counts in, at {@code at}: its organisation's, repository's and requester's, each day and month.
   */
  public static List<BudgetKey> ofTask(String repository, String requester, Instant at) {
    List<BudgetKey> keys = new ArrayList<>();
    for (BudgetScope scope : BudgetScope.values()) {
      for (BudgetWindow window : BudgetWindow.values()) {
        keys.add(of(scope, scope.nameFor(repository, requester), window, at));
      }
    }
    return List.copyOf(keys);
  }

  /** The document's id. */
  public String id() {
    return scope.storedName() + ":" + name + ":" + period;
  }
}
