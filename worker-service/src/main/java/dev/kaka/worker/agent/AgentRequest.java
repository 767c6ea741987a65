package dev.kaka.worker.agent;

import dev.kaka.worker.agent.sandbox.RunContext;
import java.nio.file.Path;
import java.time.Duration;
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
 * @param context what the run's sandbox holds besides the workspace, and its set-up commands
 * @param session the session the run continues, and how much of its own it hands back
 */
public record AgentRequest(
    String taskId,
    Path workspace,
    String prompt,
    Duration timeout,
    ProgressListener progress,
    AgentLimits limits,
    RunContext context,
    SessionPlan session) {

  public AgentRequest {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(workspace, "workspace");
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(progress, "progress");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    context = context == null ? RunContext.NONE : context;
    session = session == null ? SessionPlan.NONE : session;
  }

  /** A run that starts a new session and hands none back. */
  public AgentRequest(
      String taskId,
      Path workspace,
      String prompt,
      Duration timeout,
      ProgressListener progress,
      AgentLimits limits,
      RunContext context) {
    this(taskId, workspace, prompt, timeout, progress, limits, context, SessionPlan.NONE);
  }

  /** A run that reads nothing outside its workspace and sets nothing up. */
  public AgentRequest(
      String taskId,
      Path workspace,
      String prompt,
      Duration timeout,
      ProgressListener progress,
      AgentLimits limits) {
    this(taskId, workspace, prompt, timeout, progress, limits, RunContext.NONE);
  }

  /** A run with the service-wide limits. */
  public AgentRequest(
      String taskId, Path workspace, String prompt, Duration timeout, ProgressListener progress) {
    this(taskId, workspace, prompt, timeout, progress, null);
  }

  /** A run nobody follows while it goes on. */
  public AgentRequest(String taskId, Path workspace, String prompt, Duration timeout) {
    this(taskId, workspace, prompt, timeout, ProgressListener.NONE);
  }
}
