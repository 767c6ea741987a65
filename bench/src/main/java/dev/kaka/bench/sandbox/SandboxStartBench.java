package dev.kaka.bench.sandbox;

import dev.kaka.bench.system.Arguments;
import dev.kaka.bench.system.SandboxedAgent;
import dev.kaka.bench.system.Stats;
import dev.kaka.worker.agent.sandbox.AgentSandbox;
import dev.kaka.worker.agent.sandbox.BubblewrapSandbox;
import dev.kaka.worker.agent.sandbox.RunContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Agent start with the sandbox against without it, alternating in one run: the time from asking for
 * a run to the agent's first line of output, for an agent that prints one line at once. With the
 * sandbox that covers the run's directories and proxy, bubblewrap's namespaces and mounts, and
 * socat listening before the agent starts; without it, the plain process start it replaces.
 */
public final class SandboxStartBench {

  public static void main(String[] args) throws Exception {
    Arguments arguments = Arguments.parse(args);
    Path work = arguments.path("work");
    int runs = arguments.integer("runs", 50);
    Path workspace = Files.createDirectories(work.resolve("workspaces/bench"));
    BubblewrapSandbox sandbox = SandboxedAgent.sandbox(work, List.of(work.resolve("workspaces")));
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
    return (SandboxedAgent.start(sandbox, workspace, RunContext.NONE) - begin) / 1e6;
  }
}
