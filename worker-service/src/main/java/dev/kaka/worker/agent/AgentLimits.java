package dev.kaka.worker.agent;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The limits of one run, passed to the CLI as flags: {@code kaka.agent.*}, or a repository's own
 * within them.
 *
 * @param maxTurns {@code --max-turns}
 * @param maxBudgetUsd {@code --max-budget-usd}; 0 for no limit
 * @param model {@code --model}; null or blank for the CLI's default
 */
public record AgentLimits(int maxTurns, BigDecimal maxBudgetUsd, String model) {

  public AgentLimits {
    Objects.requireNonNull(maxBudgetUsd, "maxBudgetUsd");
    if (maxTurns <= 0 || maxBudgetUsd.signum() < 0) {
      throw new IllegalArgumentException(
          "limits must be positive: " + maxTurns + " turns, " + maxBudgetUsd + " USD");
    }
  }

  /** The service-wide limits. */
  public static AgentLimits of(AgentProperties properties) {
    return new AgentLimits(properties.maxTurns(), properties.maxBudgetUsd(), properties.model());
  }
}
