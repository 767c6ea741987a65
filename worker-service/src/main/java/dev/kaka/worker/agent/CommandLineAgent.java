package dev.kaka.worker.agent;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the agent as an external process, by default the Claude Code CLI in stream-json mode: the
 * configured command in the workspace, the prompt passed as an argument (never through a shell), an
 * allow-listed environment, stdout read line by line as it arrives, and the whole process tree
 * stopped when the time is up.
 */
public final class CommandLineAgent implements Agent {

  private static final Logger log = LoggerFactory.getLogger(CommandLineAgent.class);

  /** Stands for the prompt in any argument of the command. */
  private static final String PROMPT_PLACEHOLDER = "{prompt}";

  /** Lets the CLI end its tool processes and write its session before it is killed. */
  private static final Duration KILL_GRACE = Duration.ofSeconds(5);

  /** How long to wait for the pipes to close once the agent has gone. */
  private static final Duration DRAIN_WAIT = Duration.ofSeconds(5);

  private static final int STDERR_LINES = 20;

  /** Piped from an empty file: the CLI takes a piped stdin as more prompt and would wait for it. */
  private static final File NO_INPUT = new File("/dev/null");

  private final List<String> command;
  private final Map<String, String> environment;
  private final AgentProperties.Transcript transcriptLimits;
  private final StreamJsonParser parser = new StreamJsonParser();

  /**
   * @param workerEnvironment the worker's own environment ({@code System.getenv()}), of which only
   *     the variables named in {@code kaka.agent.environment} are passed on
   */
  public CommandLineAgent(AgentProperties properties, Map<String, String> workerEnvironment) {
    this.command = List.copyOf(properties.command());
    this.environment =
        new EnvironmentAllowList(properties.environment()).filter(workerEnvironment);
    this.transcriptLimits = properties.transcript();
    log.info(
        "The agent runs '{}' with the environment variables {}",
        command.get(0),
        environment.keySet());
  }

  @Override
  public AgentResult run(AgentRequest request) {
    try {
      return runProcess(request);
    } catch (RuntimeException e) {
      log.error("Running the agent for task {} failed", request.taskId(), e);
      return OutcomeDecision.workerError(e);
    }
  }

  private AgentResult runProcess(AgentRequest request) {
    if (!Files.isDirectory(request.workspace())) {
      return OutcomeDecision.workspaceMissing(request.workspace());
    }
    Process process;
    try {
      process = processFor(request).start();
    } catch (IOException e) {
      log.warn("The agent for task {} did not start: {}", request.taskId(), e.getMessage());
      return OutcomeDecision.notStarted(command.get(0), e);
    }
    log.info("The agent for task {} started as process {}", request.taskId(), process.pid());
    try {
      AgentResult result = supervise(process, request);
      log.info(
          "The agent for task {} ended: {} ({})",
          request.taskId(),
          result.outcome(),
          result.reason());
      return result;
    } finally {
      // Whatever went wrong on our side, the agent must not outlive the run.
      if (process.isAlive()) {
        ProcessTree.kill(process.toHandle(), KILL_GRACE);
      }
    }
  }

  private ProcessBuilder processFor(AgentRequest request) {
    List<String> arguments =
        command.stream()
            .map(argument -> argument.replace(PROMPT_PLACEHOLDER, request.prompt()))
            .toList();
    ProcessBuilder builder =
        new ProcessBuilder(arguments)
            .directory(request.workspace().toFile())
            .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT));
    builder.environment().clear();
    builder.environment().putAll(environment);
    return builder;
  }

  private AgentResult supervise(Process process, AgentRequest request) {
    TranscriptTail transcript =
        new TranscriptTail(transcriptLimits.maxLines(), transcriptLimits.maxLineLength());
    TranscriptTail errors = new TranscriptTail(STDERR_LINES, transcriptLimits.maxLineLength());
    AtomicReference<ResultLine> result = new AtomicReference<>();
    String name = "agent-" + request.taskId();
    LinePump stdout =
        LinePump.start(
            process.getInputStream(),
            line -> {
              transcript.add(line);
              parser.result(line).ifPresent(result::set);
            },
            name + "-stdout");
    LinePump stderr =
        LinePump.start(
            process.getErrorStream(),
            line -> {
              if (!line.isBlank()) {
                errors.add(line);
              }
            },
            name + "-stderr");
    try {
      boolean exited = process.waitFor(request.timeout().toMillis(), TimeUnit.MILLISECONDS);
      if (!exited) {
        log.warn(
            "The agent for task {} ran past {}; stopping it", request.taskId(), request.timeout());
        ProcessTree.kill(process.toHandle(), KILL_GRACE);
      }
      drain(stdout, stderr, request);
      if (!exited) {
        return OutcomeDecision.timedOut(request.timeout(), transcript.lines());
      }
      return OutcomeDecision.finished(
          process.exitValue(),
          Optional.ofNullable(result.get()),
          errors.last(),
          transcript.lines());
    } catch (InterruptedException e) {
      // The interrupt flag is clear here, so the kill can wait for the tree to go.
      ProcessTree.kill(process.toHandle(), KILL_GRACE);
      Thread.currentThread().interrupt();
      return OutcomeDecision.interrupted(transcript.lines());
    }
  }

  /** Lets the readers take in the last lines, so the result line is not lost to a race. */
  private static void drain(LinePump stdout, LinePump stderr, AgentRequest request)
      throws InterruptedException {
    if (!stdout.await(DRAIN_WAIT) || !stderr.await(DRAIN_WAIT)) {
      // A process that escaped the agent's tree (say, a daemon it started) still holds the pipe.
      log.warn("The agent for task {} is gone but its output is still open", request.taskId());
    }
  }
}
