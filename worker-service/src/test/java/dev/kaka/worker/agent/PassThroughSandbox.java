package dev.kaka.worker.agent;

import dev.kaka.worker.agent.sandbox.AgentSandbox;
import dev.kaka.worker.agent.sandbox.RunContext;
import java.nio.file.Path;
import java.util.Optional;

/** Claims to fence the agent in and does not: for tests of the command line a fenced run gets. */
final class PassThroughSandbox implements AgentSandbox {

  @Override
  public Optional<String> problem() {
    return Optional.empty();
  }

  @Override
  public boolean fenced() {
    return true;
  }

  @Override
  public Run open(String taskId, Path workspace, RunContext context) {
    return AgentSandbox.OFF.open(taskId, workspace, context);
  }
}
