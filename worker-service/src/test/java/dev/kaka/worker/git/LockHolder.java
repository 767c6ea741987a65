package dev.kaka.worker.git;

import java.nio.file.Path;

/**
 * Run in a second JVM: takes a mirror or workspace lock, prints "locked", and holds it until its
 * standard input closes, as another worker process on the same host would.
 */
final class LockHolder {

  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    Path path = Path.of(args[1]);
    AutoCloseable release =
        switch (args[0]) {
          case "mirror" -> MirrorLock.acquire(path);
          case "workspace" -> {
            WorkspaceLock lock = WorkspaceLock.create(path);
            yield lock::deleteAndRelease;
          }
          default -> throw new IllegalArgumentException(args[0]);
        };
    System.out.println("locked");
    System.out.flush();
    while (System.in.read() != -1) {
      // wait for the parent to close our input
    }
    release.close();
  }
}
