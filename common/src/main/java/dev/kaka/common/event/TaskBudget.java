package dev.kaka.common.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a task may spend of the operator's budgets ({@code kaka.budgets}): set by the ingress when a
 * budget applies to the task's organisation, repository or requester, and reserved from what those
 * budgets have left before the task was queued. The worker copies it onto the task's outcomes, so
 * that the notifier charges the run's cost to the same budgets and releases the reservation.
 *
 * @param reservedUsd what was reserved: the task's cap, or less when less was left; the worker
 *     passes no higher {@code --max-budget-usd}, and a run that reports no cost counts at it
 * @param reservedAt when it was reserved: the task counts in the budgets' windows (UTC day and
 *     month) of that moment
 * @param requester whose budget the task counts in
 * @param notice a budget that is 80 % spent or more, for the task's status comment to say once;
 *     null for none
 * @param noticed the budgets {@code notice} is about, by the ids of their documents in the task
 *     store ({@code BudgetKey#id}), so that a projection rebuilt from the events knows which
 *     budgets gave their notice already; empty for none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskBudget(
    BigDecimal reservedUsd,
    Instant reservedAt,
    String requester,
    String notice,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> noticed) {

  public TaskBudget {
    noticed = noticed == null ? List.of() : List.copyOf(noticed);
    Objects.requireNonNull(reservedUsd, "reservedUsd");
    Objects.requireNonNull(reservedAt, "reservedAt");
    Objects.requireNonNull(requester, "requester");
    if (reservedUsd.signum() <= 0) {
      throw new IllegalArgumentException("a reservation is positive, got " + reservedUsd);
    }
  }

  /** A reservation whose task gives no budget notice. */
  public TaskBudget(BigDecimal reservedUsd, Instant reservedAt, String requester) {
    this(reservedUsd, reservedAt, requester, null, List.of());
  }
}
