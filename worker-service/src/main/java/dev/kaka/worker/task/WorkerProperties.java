package dev.kaka.worker.task;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * This worker replica's settings.
 *
 * @param concurrency how many tasks this replica runs at once (its consumer threads); all replicas
 *     together never run more than the topic's partition count
 * @param name how this replica names itself in events and logs; the host name and process id by
 *     default
 * @param maxRetries how many times a task whose failure may pass on its own (a network error, an
 *     unreachable agent API, a worker fault) is run again by itself, each run a new attempt
 * @param retryBackOff the pause before the first automatic retry; each further pause doubles
 * @param shutdownGrace how long a worker asked to stop (SIGTERM) lets its running tasks finish;
 *     past it, their agents are killed and the tasks are left to run again on another worker.
 *     Deployments give the process this much time and a margin before they kill it
 * @param maxTriggerAge how old a trigger may be when a worker takes it: an older one is not run but
 *     fails as {@code STALE_TRIGGER}, so that a worker whose consumer group lost its offsets
 *     (stopped for longer than the broker keeps them, or renamed) does not run the topic's history
 *     again. It is also how far back each worker reads the control topic's cancellations
 */
@Validated
@ConfigurationProperties("kaka.worker")
public record WorkerProperties(
    @DefaultValue("2") @Min(1) int concurrency,
    String name,
    @DefaultValue("2") @Min(0) int maxRetries,
    @DefaultValue("30s") Duration retryBackOff,
    @DefaultValue("2m") Duration shutdownGrace,
    @DefaultValue("24h") @NotNull @DurationMin(millis = 1) Duration maxTriggerAge) {

  public WorkerProperties {
    if (name == null || name.isBlank()) {
      String host = System.getenv("HOSTNAME");
      name =
          (host == null || host.isBlank() ? "worker" : host) + "-" + ProcessHandle.current().pid();
    }
  }
}
