package dev.kaka.ingress.budget;

import dev.kaka.taskstore.BudgetScope;
import dev.kaka.taskstore.BudgetWindow;
import dev.kaka.taskstore.UsdMicros;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/budgets}: what each budget has spent and has left in its current window, as
 * {@link CurrentBudgets} finds them; {@code scope} and {@code window} narrow the list.
 */
@RestController
class BudgetController {

  private final CurrentBudgets budgets;

  BudgetController(CurrentBudgets budgets) {
    this.budgets = budgets;
  }

  @GetMapping("/api/budgets")
  Mono<List<BudgetView>> budgets(
      @RequestParam(required = false) String scope, @RequestParam(required = false) String window) {
    BudgetScope onlyScope = scope == null ? null : scope(scope);
    BudgetWindow onlyWindow = window == null ? null : window(window);
    return budgets
        .now()
        .map(
            standings ->
                standings.stream()
                    .filter(standing -> onlyScope == null || standing.key().scope() == onlyScope)
                    .filter(standing -> onlyWindow == null || standing.key().window() == onlyWindow)
                    .map(BudgetView::of)
                    .toList());
  }

  private static BudgetScope scope(String given) {
    BudgetScope scope = BudgetScope.fromStored(given);
    if (scope == null) {
      throw badRequest(
          "scope", given, Arrays.stream(BudgetScope.values()).map(BudgetScope::storedName));
    }
    return scope;
  }

  private static BudgetWindow window(String given) {
    return Arrays.stream(BudgetWindow.values())
        .filter(window -> window.storedName().equals(given))
        .findFirst()
        .orElseThrow(
            () ->
                badRequest(
                    "window",
                    given,
                    Arrays.stream(BudgetWindow.values()).map(BudgetWindow::storedName)));
  }

  private static ResponseStatusException badRequest(
      String parameter, String given, Stream<String> allowed) {
    return new ResponseStatusException(
        HttpStatus.BAD_REQUEST,
        parameter
            + " must be one of "
            + allowed.collect(Collectors.joining(", "))
            + ", got '"
            + given
            + "'");
  }

  /**
   * One budget in its current window.
   *
   * @param period the window, such as {@code 2026-12-03} or {@code 2026-12}
   * @param limitUsd null when no limit applies (the budget counts because another one does)
   * @param reservedUsd what queued and running tasks hold besides what is spent
   * @param leftUsd what a new task may still reserve; null without a limit
   * @param renewsAt when the window ends and the spend starts from nothing
   */
  record BudgetView(
      String scope,
      String name,
      String window,
      String period,
      BigDecimal limitUsd,
      BigDecimal spentUsd,
      BigDecimal reservedUsd,
      BigDecimal leftUsd,
      Instant renewsAt) {

    static BudgetView of(BudgetStanding standing) {
      Long limit = standing.limitMicros();
      return new BudgetView(
          standing.key().scope().storedName(),
          standing.key().name(),
          standing.key().window().storedName(),
          standing.key().period(),
          limit == null ? null : UsdMicros.usd(limit),
          UsdMicros.usd(standing.spentMicros()),
          UsdMicros.usd(Math.max(0, standing.committedMicros() - standing.spentMicros())),
          limit == null ? null : UsdMicros.usd(standing.leftMicros()),
          standing.renewsAt());
    }
  }
}
