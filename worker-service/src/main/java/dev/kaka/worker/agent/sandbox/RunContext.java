package dev.kaka.worker.agent.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one run's sandbox holds besides the workspace, and what runs in it before the agent.
 *
 * @param readOnlyPaths paths outside the workspace the agent may read, such as the objects its
 *     repository borrows from the worker's cache
 * @param allowedHosts hosts this run may reach besides the worker's allow-list: the presets the
 *     repository chose among those the operator defined
 * @param cacheKey whose dependency caches the run gets ({@code owner/name}); null for none
 * @param setupCommands shell commands run one after another before the agent, in the same sandbox;
 *     the first that fails ends the run
 * @param setupTimeout how long all set-up commands together may take
 */
public record RunContext(
    List<Path> readOnlyPaths,
    List<String> allowedHosts,
    String cacheKey,
    List<String> setupCommands,
    Duration setupTimeout) {

  /** Nothing beyond the workspace, no set-up. */
  public static final RunContext NONE =
      new RunContext(List.of(), List.of(), null, List.of(), Duration.ofMinutes(10));

  public RunContext {
    readOnlyPaths = List.copyOf(readOnlyPaths);
    allowedHosts = List.copyOf(allowedHosts);
    setupCommands = List.copyOf(setupCommands);
    Objects.requireNonNull(setupTimeout, "setupTimeout");
  }
}
