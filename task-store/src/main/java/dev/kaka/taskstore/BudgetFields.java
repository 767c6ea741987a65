package dev.kaka.taskstore;

import java.util.List;
import org.springframework.data.domain.Sort.Direction;
import org.springframework.data.mongodb.core.index.Index;

/**
 * The stored names of {@link BudgetDocument}'s fields, for queries and updates (a test holds them
 * to the record), and the collection's index.
 */
public final class BudgetFields {

  public static final String ID = "_id";
  public static final String SCOPE = "scope";
  public static final String NAME = "name";
  public static final String WINDOW = "window";
  public static final String PERIOD = "period";
  public static final String SPENT = "spentMicros";
  public static final String COMMITTED = "committedMicros";
  public static final String RESERVATIONS = "reservations";
  public static final String RELEASES = "releases";
  public static final String CHARGES = "charges";
  public static final String WARNED = "warned";

  private BudgetFields() {}

  /** The indexes, named: the budget API and the gauges read the current windows. */
  public static List<Index> indexes() {
    return List.of(
        new Index().on(PERIOD, Direction.ASC).on(SCOPE, Direction.ASC).named("period_scope"));
  }
}
