package dev.kaka.worker.agent;

import dev.kaka.common.event.AgentReport.Transcript;
import dev.kaka.support.secrets.SecretMasker;
import dev.kaka.worker.agent.sandbox.AgentSandbox;
import dev.kaka.worker.agent.sandbox.SandboxUnavailableException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the agent as an external process, by default the Claude Code CLI in stream-json mode: the
 * configured command in the workspace with the limits as flags, the prompt passed as an argument
 * (never through a shell), an allow-listed environment, stdout read line by line as it arrives and
 * followed for progress, and the whole process tree stopped when the time is up.
 */
public final class CommandLineAgent implements Agent {

  private static final Logger log = LoggerFactory.getLogger(CommandLineAgent.class);

  /** Lets the CLI end its tool processes and write its session before it is killed. */
  static final Duration KILL_GRACE = Duration.ofSeconds(5);

  /** How long to wait for the pipes to close once the agent has gone. */
  static final Duration DRAIN_WAIT = Duration.ofSeconds(5);

  private static final int STDERR_LINES = 20;

  /** Piped from an empty file: the CLI takes a piped stdin as more prompt and would wait for it. */
  static final File NO_INPUT = new File("/dev/null");

  private final AgentProperties properties;
  private final Map<String, String> environment;
  private final SecretMasker masker;
  private final OutcomeDecision decision;
  private final AgentSandbox sandbox;
  private final SetupCommands setup;

  /**
   * @param workerEnvironment the worker's own environment ({@code System.getenv()}), of which only
   *     the variables named in {@code kaka.agent.environment} are passed on
   * @param secrets values that must never leave the worker in the agent's output, such as the
   *     GitHub token; the worker's secret-looking environment variables are masked as well
   */
  public CommandLineAgent(
      AgentProperties properties,
      Map<String, String> workerEnvironment,
      Collection<String> secrets,
      AgentSandbox sandbox) {
    this.properties = properties;
    this.sandbox = sandbox;
    this.environment =
        withApiLimits(
            new EnvironmentAllowList(properties.environment()).filter(workerEnvironment),
            properties);
    this.masker = SecretMasker.of(workerEnvironment, secrets);
    this.decision = new OutcomeDecision(masker);
    this.setup = new SetupCommands(properties.transcript(), masker);
    log.info(
        "The agent runs '{}' {} with the environment variables {}",
        properties.command().get(0),
        sandbox.fenced()
            ? "in a sandbox"
            : "WITHOUT a sandbox (kaka.agent.sandbox=off), no commands",
        environment.keySet());
  }

  /** The CLI's retry and stall limits, where the worker's own environment does not set them. */
  private static Map<String, String> withApiLimits(
      Map<String, String> environment, AgentProperties properties) {
    Map<String, String> limited = new java.util.HashMap<>(environment);
    limited.putIfAbsent("CLAUDE_CODE_MAX_RETRIES", String.valueOf(properties.apiRetries()));
    limited.putIfAbsent(
        "CLAUDE_BYTE_STREAM_IDLE_TIMEOUT_MS",
        String.valueOf(properties.apiStreamIdleTimeout().toMillis()));
    return Map.copyOf(limited);
  }

  /** An agent outside any sandbox, which edits files and runs no command. */
  public CommandLineAgent(AgentProperties properties, Map<String, String> workerEnvironment) {
    this(properties, workerEnvironment, List.of(), AgentSandbox.OFF);
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
    AgentSandbox.Run run;
    try {
      run = sandbox.open(request.taskId(), request.workspace(), request.context());
    } catch (SandboxUnavailableException e) {
      log.warn("The agent for task {} did not start: {}", request.taskId(), e.getMessage());
      return OutcomeDecision.sandboxUnavailable(e.getMessage());
    }
    try (run) {
      AgentResult result = restore(run, request).orElseGet(() -> runIn(run, request));
      return result.withBlockedHosts(run.blockedHosts()).withSession(kept(run, request, result));
    }
  }

  /**
   * Puts the session to resume into the run's home.
   *
   * @return the run's result, {@link AgentResult#sessionRefused()}, when it cannot be put there
   */
  private Optional<AgentResult> restore(AgentSandbox.Run run, AgentRequest request) {
    if (!request.session().resumes()) {
      return Optional.empty();
    }
    try {
      SessionFiles.restore(run.home(), run.workingDirectory(), request.session());
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.of(
          refused(request, "its file could not be put in place (" + e + ")", Transcript.EMPTY));
    }
  }

  private AgentResult refused(AgentRequest request, String why, Transcript transcript) {
    AgentResult refused = decision.sessionRefused(request.session().resumeId(), why, transcript);
    log.warn("Task {}: {}", request.taskId(), refused.message());
    return refused;
  }

  /** The session the run left, read before its home goes; none when it cannot be read. */
  private AgentSession kept(AgentSandbox.Run run, AgentRequest request, AgentResult result) {
    try {
      return SessionFiles.capture(
          run.home(), result.report().sessionId(), request.session().maxBytes(), masker);
    } catch (IOException | RuntimeException e) {
      log.warn("The session of task {} could not be read: {}", request.taskId(), e.toString());
      return AgentSession.none();
    }
  }

  private AgentResult runIn(AgentSandbox.Run run, AgentRequest request) {
    AgentProperties.Transcript limits = properties.transcript();
    TranscriptTail transcript =
        new TranscriptTail(limits.maxLines(), limits.maxLineLength(), limits.maxChars());
    try {
      Optional<AgentResult> setupFailure =
          setup.run(run, request, environment, transcript, sandbox.fenced());
      if (setupFailure.isPresent()) {
        log.info(
            "The set-up of task {} failed: {}", request.taskId(), setupFailure.get().message());
        return setupFailure.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OutcomeDecision.interrupted(transcript.transcript());
    }
    Process process;
    try {
      process = processFor(request, run).start();
    } catch (IOException e) {
      log.warn("The agent for task {} did not start: {}", request.taskId(), e.getMessage());
      return OutcomeDecision.notStarted(properties.command().get(0), e);
    }
    log.info("The agent for task {} started as process {}", request.taskId(), process.pid());
    try {
      AgentResult result = supervise(process, request, run, transcript);
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

  private ProcessBuilder processFor(AgentRequest request, AgentSandbox.Run run) {
    List<String> command =
        CliArguments.of(
            properties,
            request.prompt(),
            request.limits() != null ? request.limits() : AgentLimits.of(properties),
            sandbox.fenced(),
            request.session().resumeId());
    ProcessBuilder builder =
        new ProcessBuilder(run.command(command))
            .directory(request.workspace().toFile())
            .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT));
    builder.environment().clear();
    builder.environment().putAll(run.environment(environment));
    return builder;
  }

  private AgentResult supervise(
      Process process, AgentRequest request, AgentSandbox.Run run, TranscriptTail transcript) {
    AgentProperties.Transcript limits = properties.transcript();
    TranscriptTail errors =
        new TranscriptTail(STDERR_LINES, limits.maxLineLength(), limits.maxChars());
    StreamObserver stream =
        new StreamObserver(workspaceRoots(request.workspace(), run.workingDirectory()));
    String name = "agent-" + request.taskId();
    LinePump stdout =
        LinePump.start(
            process.getInputStream(),
            line -> {
              stream.accept(line);
              transcript.add(masker.mask(line));
            },
            name + "-stdout");
    LinePump stderr =
        LinePump.start(
            process.getErrorStream(),
            line -> {
              if (!line.isBlank()) {
                errors.add(masker.mask(line));
              }
            },
            name + "-stderr");
    try {
      boolean exited = awaitExit(process, request, stream);
      if (!exited) {
        log.warn(
            "The agent for task {} ran past {}; stopping it", request.taskId(), request.timeout());
        ProcessTree.kill(process.toHandle(), KILL_GRACE);
      }
      drain(stdout, stderr, request);
      if (!exited) {
        return decision.timedOut(request.timeout(), transcript.transcript());
      }
      return ended(process.exitValue(), request, stream, errors, transcript);
    } catch (InterruptedException e) {
      // The interrupt flag is clear here, so the kill can wait for the tree to go.
      ProcessTree.kill(process.toHandle(), KILL_GRACE);
      Thread.currentThread().interrupt();
      return OutcomeDecision.interrupted(transcript.transcript());
    }
  }

  /** How the agent's run ended, given that it exited by itself with {@code exitCode}. */
  private AgentResult ended(
      int exitCode,
      AgentRequest request,
      StreamObserver stream,
      TranscriptTail errors,
      TranscriptTail transcript) {
    Optional<ResultLine> result = stream.result();
    if (request.session().resumes()
        && exitCode != 0
        && result.filter(ResultLine::refusesSession).isPresent()) {
      return refused(request, String.join("; ", result.get().errors()), transcript.transcript());
    }
    return decision.finished(
        exitCode, result, stream.apiError(), errors.last(), transcript.transcript());
  }

  /**
   * Waits for the agent until the timeout, telling the request's listener about news at most once
   * per progress interval.
   *
   * @return whether the agent exited in time
   */
  private boolean awaitExit(Process process, AgentRequest request, StreamObserver stream)
      throws InterruptedException {
    long deadline = System.nanoTime() + request.timeout().toNanos();
    long interval = properties.progressInterval().toNanos();
    long reported = 0;
    while (true) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return false;
      }
      if (process.waitFor(Math.min(remaining, interval), TimeUnit.NANOSECONDS)) {
        return true;
      }
      long changes = stream.changes();
      if (changes != reported) {
        reported = changes;
        report(request, stream.progress());
      }
    }
  }

  private static void report(AgentRequest request, AgentProgress progress) {
    try {
      request.progress().progressed(progress);
    } catch (RuntimeException e) {
      log.warn("Could not report the progress of task {}: {}", request.taskId(), e.toString());
    }
  }

  /** The workspace as given, as resolved and where the agent sees it. */
  private static List<Path> workspaceRoots(Path workspace, Path seenAt) {
    List<Path> roots = new ArrayList<>();
    roots.add(workspace.toAbsolutePath().normalize());
    roots.add(seenAt);
    try {
      roots.add(workspace.toRealPath());
    } catch (IOException e) {
      // The workspace as given is enough to name files; the agent fails on a missing one anyway.
    }
    return roots;
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
