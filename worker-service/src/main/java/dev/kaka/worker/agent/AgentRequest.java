package dev.kaka.worker.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One run of the agent.
 *
 * @param taskId names the run in logs and thread names
 * @param workspace the checked-out repository the agent works in
 * @param prompt what the agent is asked to do
 * @param timeout how long the agent may run before it is stopped; {@link AgentProperties#timeout()}
 *     unless the task says otherwise
 * @param progress told what the agent has done so far while it runs
 * @param limits the run's turns, budget and model; null for {@code kaka.agent.*}
 * @param readOnlyPaths paths outside the workspace the agent may read, such as the objects its
 *     repository borrows from the worker's cache
 */
public record AgentRequest(
    String taskId, Path workspace, String prompt, Duration timeout, ProgressListener progress,
    AgentLimits limits, List<Path> readOnlyPaths) {

  public AgentRequest {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(workspace, "workspace");
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(progress, "progress");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    readOnlyPaths = readOnlyPaths == null ? List.of() : List.copyOf(readOnlyPaths);
  }

  /** A run that reads nothing outside its workspace. */
  public AgentRequest(String taskId, Path workspace, String prompt, Duration timeout,
      ProgressListener progress, AgentLimits limits) {
    this(taskId, workspace, prompt, timeout, progress, limits, List.of());
  }

  /** A run with the service-wide limits. */
  public AgentRequest(String taskId, Path workspace, String prompt, Duration timeout,
      ProgressListener progress) {
    this(taskId, workspace, prompt, timeout, progress, null);
  }

  /** A run nobody follows while it goes on. */
  public AgentRequest(String taskId, Path workspace, String prompt, Duration timeout) {
    this(taskId, workspace, prompt, timeout, ProgressListener.NONE);
  }
}
