package dev.kaka.worker.agent.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where the agent's process runs: fenced in ({@link BubblewrapSandbox}) or not ({@link #OFF}). */
public interface AgentSandbox {

  /**
   * Runs the agent as the worker's own user, with the worker's allow-listed environment and a state
   * directory of its own per run.
   */
  AgentSandbox OFF = new UnfencedSandbox();

  /** Where, under a run's {@link Run#home()}, the CLI keeps its state, sessions included. */
  String CLI_STATE = ".claude";

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

    /**
     * The run's private home on the worker, deleted when the run is closed: the CLI keeps its state
     * in {@link #CLI_STATE} under it, its sessions in {@code projects/<directory>/<id>.jsonl}.
     */
    Path home();

    /**
     * Where the agent sees its workspace: the same path on every run in a sandbox, so that a
     * session resumed on another worker names the same files.
     */
    Path workingDirectory();

    /** The hosts the agent tried to reach and was refused, as {@code host:port}. */
    List<String> blockedHosts();

    /** Stops the run's proxy and deletes its home and temporary directory. */
    @Override
    void close();
  }
}
