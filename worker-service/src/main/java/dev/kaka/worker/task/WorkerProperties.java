package dev.kaka.worker.task;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * This worker replica's settings.
 *
 * @param concurrency how many tasks this replica runs at once (its consumer threads); all replicas
 *     together never run more than the topic's partition count
 * @param name how this replica names itself in events and logs; the host name and process id by default
 */
@Validated
@ConfigurationProperties("kaka.worker")
public record WorkerProperties(
    @DefaultValue("2") @Min(1) int concurrency,
    String name) {

  public WorkerProperties {
    if (name == null || name.isBlank()) {
      String host = System.getenv("HOSTNAME");
      name = (host == null || host.isBlank() ? "worker" : host) + "-" + ProcessHandle.current().pid();
    }
  }
}
