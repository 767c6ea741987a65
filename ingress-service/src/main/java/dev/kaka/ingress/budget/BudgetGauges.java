package dev.kaka.ingress.budget;

import dev.kaka.taskstore.UsdMicros;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code kaka_budget_spent_usd} and {@code kaka_budget_limit_usd}, tagged {@code scope}, {@code
 * name} and {@code window}: every budget in its current window, read again every few seconds, so
 * that each ingress replica shows what the database holds. A budget without a limit has no limit
 * gauge.
 */
@Component
class BudgetGauges implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(BudgetGauges.class);
  private static final Duration PERIOD = Duration.ofSeconds(5);

  private final CurrentBudgets budgets;
  private final MultiGauge spent;
  private final MultiGauge limit;
  private volatile Disposable refreshing;

  BudgetGauges(CurrentBudgets budgets, MeterRegistry meters) {
    this.budgets = budgets;
    this.spent =
        MultiGauge.builder("kaka.budget.spent")
            .baseUnit("usd")
            .description("What a budget's current window has spent")
            .register(meters);
    this.limit =
        MultiGauge.builder("kaka.budget.limit")
            .baseUnit("usd")
            .description("The limit of a budget's current window")
            .register(meters);
  }

  @Override
  public void start() {
    refreshing =
        Flux.interval(Duration.ZERO, PERIOD)
            .onBackpressureDrop()
            .concatMap(tick -> budgets.now().onErrorResume(this::unreadable), 1)
            .subscribe(this::show);
  }

  private Mono<List<BudgetStanding>> unreadable(Throwable failure) {
    log.debug("Could not read the budgets for their gauges: {}", failure.toString());
    return Mono.empty();
  }

  private void show(List<BudgetStanding> standings) {
    spent.register(
        standings.stream()
            .map(
                standing ->
                    MultiGauge.Row.of(
                        tags(standing), UsdMicros.usd(standing.spentMicros()).doubleValue()))
            .toList(),
        true);
    limit.register(
        standings.stream()
            .filter(standing -> standing.limitMicros() != null)
            .map(
                standing ->
                    MultiGauge.Row.of(
                        tags(standing), UsdMicros.usd(standing.limitMicros()).doubleValue()))
            .toList(),
        true);
  }

  private static Tags tags(BudgetStanding standing) {
    return Tags.of(
        "scope", standing.key().scope().storedName(),
        "name", standing.key().name(),
        "window", standing.key().window().storedName());
  }

  @Override
  public void stop() {
    Disposable running = refreshing;
    if (running != null) {
      running.dispose();
    }
  }

  @Override
  public boolean isRunning() {
    Disposable running = refreshing;
    return running != null && !running.isDisposed();
  }
}
