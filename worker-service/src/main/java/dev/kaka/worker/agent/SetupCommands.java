package dev.kaka.worker.agent;

import dev.kaka.support.secrets.SecretMasker;
import dev.kaka.worker.agent.sandbox.AgentSandbox;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a repository's set-up commands ({@code setup:} in its {@code .github/kaka.yml}) one after
 * another in the agent's sandbox, before the agent: the same home, caches and network fence, so
 * what they install is there when the agent starts. Their output goes into the run's transcript as
 * {@code kaka_setup} lines; the first command that fails, or the time running out, ends the run.
 */
final class SetupCommands {

  private static final Logger log = LoggerFactory.getLogger(SetupCommands.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int TAIL_LINES = 20;

  private final AgentProperties.Transcript limits;
  private final SecretMasker masker;

  SetupCommands(AgentProperties.Transcript limits, SecretMasker masker) {
    this.limits = limits;
    this.masker = masker;
  }

  /**
   * @return the failure that ends the run, or empty when every command succeeded
   */
  Optional<AgentResult> run(
      AgentSandbox.Run run,
      AgentRequest request,
      Map<String, String> environment,
      TranscriptTail transcript,
      boolean fenced)
      throws InterruptedException {
    List<String> commands = request.context().setupCommands();
    if (!commands.isEmpty() && !fenced) {
      // without a sandbox no command runs, the agent's nor the repository's
      return Optional.of(
          OutcomeDecision.setupFailed(
              commands.get(0),
              "was not run: this worker"
                  + " runs the agent without a sandbox (kaka.agent.sandbox=off), and so runs no command",
              List.of(),
              transcript.transcript()));
    }
    long deadline = System.nanoTime() + request.context().setupTimeout().toNanos();
    for (String command : commands) {
      Optional<AgentResult> failure =
          runOne(command, deadline, run, request, environment, transcript);
      if (failure.isPresent()) {
        return failure;
      }
    }
    if (!commands.isEmpty()) {
      log.info("Set-up of task {} done: {} commands", request.taskId(), commands.size());
    }
    return Optional.empty();
  }

  private Optional<AgentResult> runOne(
      String command,
      long deadline,
      AgentSandbox.Run run,
      AgentRequest request,
      Map<String, String> environment,
      TranscriptTail transcript)
      throws InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(run.command(List.of("/bin/bash", "-c", command)))
            .directory(request.workspace().toFile())
            .redirectInput(ProcessBuilder.Redirect.from(CommandLineAgent.NO_INPUT))
            .redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(run.environment(environment));
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return Optional.of(
          OutcomeDecision.setupFailed(
              command,
              "could not start (" + e.getMessage() + ")",
              List.of(),
              transcript.transcript()));
    }
    TranscriptTail tail = new TranscriptTail(TAIL_LINES, limits.maxLineLength(), limits.maxChars());
    LinePump output =
        LinePump.start(
            process.getInputStream(),
            line -> {
              String masked = masker.mask(line);
              tail.add(masked);
              transcript.add(line(command, masked));
            },
            "setup-" + request.taskId());
    try {
      long remaining = deadline - System.nanoTime();
      boolean exited = remaining > 0 && process.waitFor(remaining, TimeUnit.NANOSECONDS);
      if (!exited) {
        ProcessTree.kill(process.toHandle(), CommandLineAgent.KILL_GRACE);
      }
      output.await(CommandLineAgent.DRAIN_WAIT);
      if (!exited) {
        return Optional.of(
            OutcomeDecision.setupFailed(
                command,
                "ran past the set-up time of "
                    + request.context().setupTimeout().toMinutes()
                    + " min and was stopped",
                tail.transcript().lines(),
                transcript.transcript()));
      }
      if (process.exitValue() != 0) {
        return Optional.of(
            OutcomeDecision.setupFailed(
                command,
                "failed with exit code " + process.exitValue(),
                tail.transcript().lines(),
                transcript.transcript()));
      }
      return Optional.empty();
    } finally {
      if (process.isAlive()) {
        ProcessTree.kill(process.toHandle(), CommandLineAgent.KILL_GRACE);
      }
    }
  }

  private static String line(String command, String output) {
    Map<String, String> line = new LinkedHashMap<>();
    line.put("type", "kaka_setup");
    line.put("command", command);
    line.put("output", output);
    return JSON.writeValueAsString(line);
  }
}
