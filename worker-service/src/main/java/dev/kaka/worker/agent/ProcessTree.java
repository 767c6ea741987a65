package dev.kaka.worker.agent;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a process together with every process it started. Stopping only the top one is not enough:
 * the agent's tools (a build, a test run) would carry on orphaned, holding the workspace and the
 * output pipe, and a child whose parent has died can no longer be found through that parent.
 */
final class ProcessTree {

  private static final Logger log = LoggerFactory.getLogger(ProcessTree.class);

  private static final Duration FORCED_WAIT = Duration.ofSeconds(10);
  private static final long POLL_MILLIS = 20;

  private ProcessTree() {}

  /**
   * Asks the whole tree to stop, gives it {@code grace} to do so, then kills what is left, and
   * returns once all of it is gone (or after a bounded wait, which is logged).
   */
  static void kill(ProcessHandle root, Duration grace) {
    // Every process is found before any is signalled, while the parent links still hold.
    Set<ProcessHandle> tree = withDescendants(List.of(root));
    tree.forEach(ProcessHandle::destroy);
    if (awaitExit(tree, grace)) {
      return;
    }
    // A survivor may have started more processes in the meantime.
    Set<ProcessHandle> survivors = withDescendants(alive(tree));
    survivors.forEach(ProcessHandle::destroyForcibly);
    if (!awaitExit(survivors, FORCED_WAIT)) {
      log.warn("Processes {} outlived a forced kill", alive(survivors));
    }
  }

  private static Set<ProcessHandle> withDescendants(List<ProcessHandle> processes) {
    Set<ProcessHandle> tree = new LinkedHashSet<>();
    for (ProcessHandle process : processes) {
      tree.add(process);
      process.descendants().forEach(tree::add);
    }
    return tree;
  }

  private static List<ProcessHandle> alive(Set<ProcessHandle> processes) {
    return processes.stream().filter(ProcessHandle::isAlive).toList();
  }

  private static boolean awaitExit(Set<ProcessHandle> processes, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (!alive(processes).isEmpty()) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        // Stopping the agent goes on; whoever interrupted learns of it from the flag.
        Thread.currentThread().interrupt();
        return alive(processes).isEmpty();
      }
    }
    return true;
  }
}
