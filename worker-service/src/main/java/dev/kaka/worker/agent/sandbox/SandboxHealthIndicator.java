package dev.kaka.worker.agent.sandbox;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether the agent sandbox works on this worker, as its start-up check found: part of readiness,
 * since a worker that cannot fence the agent in takes no task.
 */
public final class SandboxHealthIndicator implements HealthIndicator {

  private final AgentSandbox sandbox;

  public SandboxHealthIndicator(AgentSandbox sandbox) {
    this.sandbox = sandbox;
  }

  @Override
  public Health health() {
    if (!sandbox.fenced()) {
      return Health.up().withDetail("sandbox", "off: the agent runs without commands").build();
    }
    return sandbox
        .problem()
        .map(problem -> Health.down().withDetail("sandbox", problem).build())
        .orElseGet(() -> Health.up().withDetail("sandbox", "bubblewrap").build());
  }
}
