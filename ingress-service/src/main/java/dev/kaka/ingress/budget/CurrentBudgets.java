package dev.kaka.ingress.budget;

import dev.kaka.taskstore.BudgetDocument;
import dev.kaka.taskstore.BudgetKey;
import dev.kaka.taskstore.BudgetScope;
import dev.kaka.taskstore.BudgetWindow;
import dev.kaka.taskstore.UsdMicros;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Every budget in its current window, for the budget API and the gauges: each organisation,
 * repository and requester that spent or reserved something in the window, and each one named in
 * {@code kaka.budgets.limits}, with its limit where one applies.
 */
@Component
class CurrentBudgets {

  private static final Comparator<BudgetStanding> ORDER =
      Comparator.comparing((BudgetStanding standing) -> standing.key().window())
          .thenComparing(standing -> standing.key().scope())
          .thenComparing(standing -> standing.key().name());

  private final BudgetProperties properties;
  private final BudgetLedger ledger;
  private final Clock clock;

  CurrentBudgets(BudgetProperties properties, BudgetLedger ledger, Clock clock) {
    this.properties = properties;
    this.ledger = ledger;
    this.clock = clock;
  }

  /** The budgets now, by window, scope and name. */
  Mono<List<BudgetStanding>> now() {
    Instant at = clock.instant();
    List<String> periods = List.of(BudgetWindow.DAY.period(at), BudgetWindow.MONTH.period(at));
    return ledger.inPeriods(periods).collectList().map(documents -> standings(documents, at));
  }

  private List<BudgetStanding> standings(List<BudgetDocument> documents, Instant at) {
    Map<String, BudgetStanding> byId = new LinkedHashMap<>();
    for (BudgetDocument document : documents) {
      BudgetScope scope = BudgetScope.fromStored(document.scope());
      if (scope == null) {
        continue;
      }
      for (BudgetWindow window : BudgetWindow.values()) {
        BudgetKey key = BudgetKey.of(scope, document.name(), window, at);
        if (key.id().equals(document.id())) {
          byId.put(key.id(), standing(key, document, at));
        }
      }
    }
    for (BudgetProperties.Limit limit : properties.named()) {
      for (BudgetWindow window : BudgetWindow.values()) {
        BudgetKey key = BudgetKey.of(limit.scope(), limit.name(), window, at);
        if (limit.usd(window) != null) {
          byId.putIfAbsent(key.id(), standing(key, null, at));
        }
      }
    }
    return byId.values().stream().sorted(ORDER).toList();
  }

  private BudgetStanding standing(BudgetKey key, BudgetDocument document, Instant at) {
    Long limit = properties.limitOf(key).map(UsdMicros::of).orElse(null);
    return BudgetStanding.of(key, limit, document, at);
  }
}
