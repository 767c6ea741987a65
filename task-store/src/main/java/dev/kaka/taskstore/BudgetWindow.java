package dev.kaka.taskstore;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The UTC calendar windows budgets count in: spending starts from nothing at each one's end. */
public enum BudgetWindow {
  DAY(DateTimeFormatter.ISO_LOCAL_DATE),
  MONTH(DateTimeFormatter.ofPattern("uuuu-MM", Locale.ROOT));

  private final DateTimeFormatter period;

  BudgetWindow(DateTimeFormatter period) {
    this.period = period;
  }

  /** The name as stored and as the budget API shows it. */
  public String storedName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The window at {@code at}, as {@code 2026-12-03} (a day) or {@code 2026-12} (a month). */
  public String period(Instant at) {
    return period.format(start(at));
  }

  /** When the window at {@code at} ends and the next one starts. */
  public Instant renewsAt(Instant at) {
    LocalDate start = start(at);
    LocalDate next = this == DAY ? start.plusDays(1) : start.plusMonths(1);
    return next.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private LocalDate start(Instant at) {
    LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
    return this == DAY ? day : day.withDayOfMonth(1);
  }
}
