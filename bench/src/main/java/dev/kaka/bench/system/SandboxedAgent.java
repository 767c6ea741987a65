package dev.kaka.bench.system;

import dev.kaka.worker.agent.sandbox.AgentSandbox;
import dev.kaka.worker.agent.sandbox.BubblewrapSandbox;
import dev.kaka.worker.agent.sandbox.DependencyCaches;
import dev.kaka.worker.agent.sandbox.FilesystemSettings;
import dev.kaka.worker.agent.sandbox.NetworkSettings;
import dev.kaka.worker.agent.sandbox.RunContext;
import dev.kaka.worker.agent.sandbox.SandboxPrograms;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * An agent that prints one line at once, started as the worker starts one: in the worker's agent
 * sandbox (bubblewrap, the run's proxy, socat) with its default settings, or without it.
 */
public final class SandboxedAgent {

  private static final List<String> AGENT = List.of("/bin/sh", "-c", "echo started");

  private SandboxedAgent() {}

  /**
   * The worker's sandbox with its default settings, its runs' directories under {@code work};
   * {@code hidden} are masked from every run, as the worker masks its own data.
   *
   * @throws IllegalStateException if this machine cannot run it (bubblewrap or socat missing)
   */
  public static BubblewrapSandbox sandbox(Path work, List<Path> hidden) {
    Binder defaults = new Binder(new MapConfigurationPropertySource(Map.of()));
    BubblewrapSandbox sandbox =
        new BubblewrapSandbox(
            defaults.bindOrCreate("kaka.agent.sandbox-programs", SandboxPrograms.class),
            defaults.bindOrCreate("kaka.agent.filesystem", FilesystemSettings.class),
            defaults.bindOrCreate("kaka.agent.network", NetworkSettings.class),
            Map.of(),
            work.resolve("sandbox-runs"),
            hidden,
            List.of(),
            new DependencyCaches(work.resolve("dependency-caches"), 0));
    if (sandbox.check().isPresent()) {
      throw new IllegalStateException("no sandbox here: " + sandbox.problem().get());
    }
    return sandbox;
  }

  /**
   * Starts the agent in {@code workspace} and waits for it to end.
   *
   * @return {@link System#nanoTime()} when its first line of output arrived
   */
  public static long start(AgentSandbox sandbox, Path workspace, RunContext context)
      throws IOException, InterruptedException {
    try (AgentSandbox.Run run = sandbox.open("bench", workspace, context)) {
      ProcessBuilder builder =
          new ProcessBuilder(run.command(AGENT))
              .directory(workspace.toFile())
              .redirectErrorStream(true);
      builder.environment().clear();
      builder.environment().putAll(run.environment(Map.of("PATH", "/usr/bin:/bin")));
      Process process = builder.start();
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line = out.readLine();
        long started = System.nanoTime();
        if (!"started".equals(line)) {
          throw new IllegalStateException("the agent printed " + line);
        }
        process.waitFor();
        return started;
      }
    }
  }
}
