package dev.kaka.worker.agent.sandbox;

import dev.kaka.worker.git.Directories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AgentSandbox#OFF}: the agent runs as the worker's own user, with the worker's allow-listed
 * environment. Each run still keeps the CLI's state (its session among it) in a directory of its
 * own, deleted when the run ends, so that one run's session is never another's.
 */
final class UnfencedSandbox implements AgentSandbox {

  private static final Logger log = LoggerFactory.getLogger(UnfencedSandbox.class);

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
    try {
      return new UnfencedRun(
          Files.createTempDirectory("kaka-agent-home-"), workspace.toAbsolutePath());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not make the run's home directory", e);
    }
  }

  private record UnfencedRun(Path home, Path workingDirectory) implements Run {

    @Override
    public List<String> command(List<String> agentCommand) {
      return agentCommand;
    }

    /** The worker's own home stays, with its settings; only the CLI's state moves. */
    @Override
    public Map<String, String> environment(Map<String, String> agentEnvironment) {
      Map<String, String> environment = new HashMap<>(agentEnvironment);
      environment.put("CLAUDE_CONFIG_DIR", home.resolve(CLI_STATE).toString());
      return environment;
    }

    @Override
    public List<String> blockedHosts() {
      return List.of();
    }

    @Override
    public void close() {
      try {
        Directories.deleteRecursively(home);
      } catch (IOException e) {
        log.warn("Could not delete the agent's home {}: {}", home, e.toString());
      }
    }
  }
}
