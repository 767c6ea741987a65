package dev.kaka.taskstore;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.validation.annotation.Validated;

/**
 * How long the task store keeps a finished task: one that completed, failed or was cancelled is
 * deleted, with its transcript, once its last update ({@link TaskDocument#updatedAt()}) is older
 * than {@code retention}. Queued and running tasks are kept whatever their age. The task's events
 * stay in Kafka; a rebuild of the projection applies the same rule, so that it equals the live one.
 * What is kept for tasks goes with them: a budget's window ({@link BudgetDocument}) is deleted once
 * it ended more than {@code retention} ago, and the ingress forgets the failed checks of a head
 * commit as long after their first failure. Set with {@code kaka.tasks.retention}, {@value
 * #DEFAULT} by default.
 *
 * @param retention how long after its last update a finished task is kept; positive
 */
@Validated
@ConfigurationProperties("kaka.tasks")
public record TaskRetention(@DefaultValue(TaskRetention.DEFAULT) @NotNull Duration retention) {

  public static final String DEFAULT = "90d";

  /** The tasks this rule deletes at {@code now}. */
  public Criteria expiredAt(Instant now) {
    return Criteria.where(TaskFields.STATUS)
        .in(TaskStatus.finished())
        .and(TaskFields.UPDATED_AT)
        .lt(now.minus(retention));
  }

  /**
   * The budget documents this rule deletes at {@code now}: those of windows that ended more than
   * the retention before it. Their periods ({@link BudgetWindow#period}) sort as their windows do.
   */
  public Criteria budgetWindowsExpiredAt(Instant now) {
    Instant before = now.minus(retention);
    return new Criteria()
        .orOperator(
            Arrays.stream(BudgetWindow.values())
                .map(
                    window ->
                        Criteria.where(BudgetFields.WINDOW)
                            .is(window.storedName())
                            .and(BudgetFields.PERIOD)
                            .lt(window.period(before)))
                .toList());
  }

  @AssertTrue(message = "kaka.tasks.retention must be positive")
  public boolean isRetentionPositive() {
    return retention == null || !(retention.isNegative() || retention.isZero());
  }
}
