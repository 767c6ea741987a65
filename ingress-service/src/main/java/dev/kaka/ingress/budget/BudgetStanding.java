package dev.kaka.ingress.budget;

import dev.kaka.taskstore.BudgetDocument;
import dev.kaka.taskstore.BudgetKey;
import dev.kaka.taskstore.BudgetScope;
import dev.kaka.taskstore.UsdMicros;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Where one budget stands in its window: its limit (millionths of a dollar, null without one), what
 * is spent, and what is gone with the reservations of queued and running tasks.
 *
 * @param renewsAt when the window ends
 */
record BudgetStanding(
    BudgetKey key, Long limitMicros, long spentMicros, long committedMicros, Instant renewsAt) {

  /** A notice once this share of the limit is spent. */
  static final int WARN_PERCENT = 80;

  /** Less than this left is nothing left: a cap below a cent would stop any run at once. */
  static final long LEAST_RUN_MICROS = 10_000;

  private static final DateTimeFormatter RENEWAL =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  static BudgetStanding of(BudgetKey key, Long limitMicros, BudgetDocument document, Instant at) {
    return new BudgetStanding(
        key,
        limitMicros,
        document == null ? 0 : document.spent(),
        document == null ? 0 : document.committed(),
        key.window().renewsAt(at));
  }

  /** What may still be reserved; never negative. Only for a budget with a limit. */
  long leftMicros() {
    return Math.max(0, limitMicros - committedMicros);
  }

  boolean exhausted() {
    return limitMicros != null && leftMicros() < LEAST_RUN_MICROS;
  }

  boolean nearlySpent() {
    return limitMicros != null && spentMicros * 100 >= limitMicros * WARN_PERCENT;
  }

  /** Why a trigger is refused, for the comment on the issue: the limit, the spend, the renewal. */
  String refusal() {
    return "the "
        + describe()
        + " is used up: "
        + usd(spentMicros)
        + " of "
        + usd(limitMicros)
        + " spent"
        + (committedMicros > spentMicros
            ? " and " + usd(committedMicros - spentMicros) + " reserved by tasks in progress"
            : "")
        + ". It renews at "
        + RENEWAL.format(renewsAt);
  }

  /** The notice on the status comment of the first task to see the budget 80 % spent. */
  String notice() {
    return "The "
        + describe()
        + " is "
        + spentMicros * 100 / limitMicros
        + " % spent: "
        + usd(spentMicros)
        + " of "
        + usd(limitMicros)
        + ". It renews at "
        + RENEWAL.format(renewsAt)
        + "; once it is spent, Kaka starts no new task.";
  }

  private String describe() {
    String whose =
        key.scope() == BudgetScope.REQUESTER
            ? "@" + key.name()
            : "the " + key.scope().storedName() + " `" + key.name() + "`";
    return window() + " budget of " + whose;
  }

  private String window() {
    return switch (key.window()) {
      case DAY -> "daily";
      case MONTH -> "monthly";
    };
  }

  private static String usd(long micros) {
    return "$" + UsdMicros.usd(micros).toPlainString();
  }
}
