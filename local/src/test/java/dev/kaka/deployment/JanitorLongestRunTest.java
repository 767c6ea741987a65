package dev.kaka.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaka.notifier.janitor.JanitorProperties;
import dev.kaka.worker.agent.AgentProperties;
import dev.kaka.worker.task.WorkerProperties;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The notifier's janitor fails a task as stuck only once a worker's run is surely over: {@code
 * kaka.janitor.longest-run} outlasts the worker's agent timeout, its shutdown grace and its longest
 * pause before an automatic retry, as the services ship, so that raising one of the worker's
 * without the janitor's fails here. What is left over is the margin for set-up commands and git.
 */
class JanitorLongestRunTest {

  @Test
  void theJanitorWaitsOutAWorkersLongestRunAsShipped() {
    ServiceConfiguration worker = ServiceConfiguration.of(KakaService.WORKER, Map.of(), Map.of());
    ServiceConfiguration notifier =
        ServiceConfiguration.of(KakaService.NOTIFIER, Map.of(), Map.of());
    AgentProperties agent = worker.bind("kaka.agent", AgentProperties.class);
    WorkerProperties retries = worker.bind("kaka.worker", WorkerProperties.class);

    Duration run = agent.timeout().plus(retries.shutdownGrace()).plus(longestRetryPause(retries));

    assertThat(notifier.bind("kaka.janitor", JanitorProperties.class).longestRun())
        .isGreaterThan(run);
  }

  /** The pause before the last automatic retry: the back-off doubles for each one. */
  private static Duration longestRetryPause(WorkerProperties worker) {
    if (worker.maxRetries() == 0) {
      return Duration.ZERO;
    }
    return worker.retryBackOff().multipliedBy(1L << (worker.maxRetries() - 1));
  }
}
