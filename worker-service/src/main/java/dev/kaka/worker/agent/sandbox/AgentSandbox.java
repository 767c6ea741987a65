package dev.kaka.worker.agent.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where the agent's process runs: fenced in ({@link BubblewrapSandbox}) or not ({@link #OFF}). */
public interface AgentSandbox {

  /** Runs the agent as the worker's own user, with the worker's allow-listed environment. */
  AgentSandbox OFF =
      new AgentSandbox() {
        @Override
        public Optional<String> problem() {
          return Optional.empty();
        }

        @Override
        public boolean fenced() {
          return false;
        }

        @Override
        public Run open(String taskId, Path workspace, RunContext context) {
          return new Run() {
            @Override
            public List<String> command(List<String> agentCommand) {
              return agentCommand;
            }

            @Override
            public Map<String, String> environment(Map<String, String> agentEnvironment) {
              return agentEnvironment;
            }

            @Override
            public List<String> blockedHosts() {
              return List.of();
            }

            @Override
            public void close() {}
          };
        }
      };

  /** Why runs cannot be fenced in on this worker; empty when they can. */
  Optional<String> problem();

  /** Whether runs are fenced in, and so may run commands. */
  boolean fenced();

  /**
   * Prepares one run of the agent in {@code workspace}.
   *
   * @param context what the sandbox holds besides the workspace
   * @throws SandboxUnavailableException if the run cannot be fenced in
   */
  Run open(String taskId, Path workspace, RunContext context);

  /** One run's sandbox; close it once the agent's process has ended. */
  interface Run extends AutoCloseable {

    /** The command line that starts {@code agentCommand} inside the sandbox. */
    List<String> command(List<String> agentCommand);

    /** The environment to start that command line with. */
    Map<String, String> environment(Map<String, String> agentEnvironment);

    /** The hosts the agent tried to reach and was refused, as {@code host:port}. */
    List<String> blockedHosts();

    /** Stops the run's proxy and deletes its home and temporary directory. */
    @Override
    void close();
  }
}
