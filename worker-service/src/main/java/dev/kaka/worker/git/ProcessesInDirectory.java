package dev.kaka.worker.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a process still works in a directory. An agent can leave a process running after it exits
 * (a dev server, a watcher started in the background); its tree must then not be handed to another
 * task, where that process would go on writing. Linux only: it asks {@code /proc} for each
 * process's working directory; processes of other users cannot be asked, and do not matter (they
 * cannot write into an owner-only workspace).
 */
final class ProcessesInDirectory {

  /** Whether this platform can answer; where it cannot, trees are never reused. */
  static final boolean SUPPORTED = Files.isSymbolicLink(Path.of("/proc/self/cwd"));

  private ProcessesInDirectory() {}

  static boolean any(Path directory) {
    Path target = directory.toAbsolutePath().normalize();
    return ProcessHandle.allProcesses().anyMatch(process -> worksIn(process.pid(), target));
  }

  private static boolean worksIn(long pid, Path directory) {
    try {
      return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd"))
          .startsWith(directory);
    } catch (IOException | SecurityException e) {
      // gone meanwhile, or another user's
      return false;
    }
  }
}
