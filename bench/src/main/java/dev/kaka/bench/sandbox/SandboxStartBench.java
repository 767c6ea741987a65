package dev.kaka.bench.sandbox;

import dev.kaka.bench.system.Arguments;
import dev.kaka.bench.system.Stats;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Agent start with the sandbox against without it, alternating in one run: the time from asking for
 * a run to the agent's first line of output, for an agent that prints one line at once. With the
 * sandbox that covers the run's directories and proxy, bubblewrap's namespaces and mounts, and
 * socat listening before the agent starts; without it, the plain process start it replaces.
 */
public final class SandboxStartBench {

  private static final List<String> AGENT = List.of("/bin/sh", "-c", "echo started");

  public static void main(String[] args) throws Exception {
    Arguments arguments = Arguments.parse(args);
    Path work = arguments.path("work");
    int runs = arguments.integer("runs", 50);
    Path workspace = Files.createDirectories(work.resolve("workspaces/bench"));
    Binder defaults = new Binder(new MapConfigurationPropertySource(Map.of()));
    BubblewrapSandbox sandbox =
        new BubblewrapSandbox(
            defaults.bindOrCreate("kaka.agent.sandbox-programs", SandboxPrograms.class),
            defaults.bindOrCreate("kaka.agent.filesystem", FilesystemSettings.class),
            defaults.bindOrCreate("kaka.agent.network", NetworkSettings.class),
            Map.of(),
            work.resolve("sandbox-runs"),
            List.of(work.resolve("workspaces")),
            List.of(),
            new DependencyCaches(work.resolve("dependency-caches"), 0));
    if (sandbox.check().isPresent()) {
      throw new IllegalStateException("no sandbox here: " + sandbox.problem().get());
    }
    List<Double> fenced = new ArrayList<>();
    List<Double> plain = new ArrayList<>();
    for (int run = -5; run < runs; run++) {
      double withSandbox = start(sandbox, workspace);
      double without = start(AgentSandbox.OFF, workspace);
      if (run >= 0) {
        fenced.add(withSandbox);
        plain.add(without);
      }
    }
    String report =
        String.join(
            "\n",
            "| agent start (" + runs + " runs each, alternating) | p50 | p90 | max |",
            "|---|---|---|---|",
            row("without the sandbox", plain),
            row("in the sandbox (bubblewrap, proxy, socat)", fenced),
            "",
            "The sandbox adds "
                + Stats.millis(Stats.median(fenced) - Stats.median(plain))
                + " at p50 (goal: at most 150 ms).",
            "");
    System.out.print(report);
    Files.writeString(arguments.path("report"), report);
  }

  private static String row(String name, List<Double> millis) {
    return "| "
        + name
        + " | "
        + Stats.millis(Stats.median(millis))
        + " | "
        + Stats.millis(Stats.percentile(millis, 90))
        + " | "
        + Stats.millis(Stats.max(millis))
        + " |";
  }

  /** Milliseconds from asking for a run to its first line of output. */
  private static double start(AgentSandbox sandbox, Path workspace)
      throws IOException, InterruptedException {
    long begin = System.nanoTime();
    try (AgentSandbox.Run run = sandbox.open("bench", workspace, RunContext.NONE)) {
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
        double millis = (System.nanoTime() - begin) / 1e6;
        if (!"started".equals(line)) {
          throw new IllegalStateException("the agent printed " + line);
        }
        process.waitFor();
        return millis;
      }
    }
  }
}
