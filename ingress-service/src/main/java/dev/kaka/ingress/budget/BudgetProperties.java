package dev.kaka.ingress.budget;

import dev.kaka.taskstore.BudgetKey;
import dev.kaka.taskstore.BudgetScope;
import dev.kaka.taskstore.BudgetWindow;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code kaka.budgets.*}: how much the agents may spend, in US dollars, per organisation,
 * repository or requester and per UTC day and month. Operators' settings only: nothing in a
 * repository's {@code .github/kaka.yml} raises them. Without limits nothing is reserved or counted.
 *
 * @param runCapUsd what a queued task reserves when its repository's {@code .github/kaka.yml} sets
 *     no lower {@code agent.max-budget-usd}: the workers' {@code kaka.agent.max-budget-usd}
 * @param limits the budgets; for each organisation, repository and requester the one naming it
 *     applies, else the one naming {@code *}
 */
@ConfigurationProperties("kaka.budgets")
@Validated
public record BudgetProperties(
    @DefaultValue("10") @NotNull @DecimalMin(value = "0", inclusive = false) BigDecimal runCapUsd,
    @DefaultValue @NotNull List<@Valid @NotNull Limit> limits) {

  /** The entry naming every organisation, repository or requester without an entry of its own. */
  static final String EVERY = "*";

  /**
   * One budget: exactly one of {@code organisation}, {@code repository} ({@code owner/name}) and
   * {@code requester} (a GitHub login), or {@value #EVERY} for each one of them; and a limit per
   * day, per month or both.
   */
  public record Limit(
      String organisation,
      String repository,
      String requester,
      @DecimalMin(value = "0", inclusive = false) BigDecimal dailyUsd,
      @DecimalMin(value = "0", inclusive = false) BigDecimal monthlyUsd) {

    @AssertTrue(message = "a budget names exactly one of organisation, repository and requester")
    boolean isForOne() {
      return Stream.of(organisation, repository, requester).filter(name -> name != null).count()
          == 1;
    }

    @AssertTrue(message = "a budget sets daily-usd, monthly-usd or both")
    boolean isLimiting() {
      return dailyUsd != null || monthlyUsd != null;
    }

    BudgetScope scope() {
      return organisation != null
          ? BudgetScope.ORGANISATION
          : repository != null ? BudgetScope.REPOSITORY : BudgetScope.REQUESTER;
    }

    String name() {
      return organisation != null ? organisation : repository != null ? repository : requester;
    }

    BigDecimal usd(BudgetWindow window) {
      return window == BudgetWindow.DAY ? dailyUsd : monthlyUsd;
    }
  }

  /** The limit of {@code key}'s budget, if one applies. GitHub's names ignore case, so do these. */
  Optional<BigDecimal> limitOf(BudgetKey key) {
    Optional<Limit> own =
        entries(key.scope()).filter(limit -> limit.name().equalsIgnoreCase(key.name())).findFirst();
    Optional<Limit> chosen =
        own.isPresent()
            ? own
            : entries(key.scope()).filter(limit -> EVERY.equals(limit.name())).findFirst();
    return chosen.map(limit -> limit.usd(key.window()));
  }

  /** The entries that name one organisation, repository or requester, for the budget API. */
  List<Limit> named() {
    return limits.stream().filter(limit -> !EVERY.equals(limit.name())).toList();
  }

  private Stream<Limit> entries(BudgetScope scope) {
    return limits.stream().filter(limit -> limit.scope() == scope);
  }
}
